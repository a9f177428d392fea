-- Reference data for Emmer: the buurten of Woensel-Zuid, the four themes and the partner
-- organisations. A real project needs these too (README, "Use a real Supabase project"); the demo
-- people and ideas are in demo.sql. Every id is fixed so that tests and demo.sql can rely on it,
-- and every insert skips rows that exist, so the file can be loaded again.
--
-- Buurten: names and CBS buurtcodes as in CBS "Kerncijfers wijken en buurten 2025" (kwb2025.xlsx),
-- read from a copy of that table (github.com/gabsalvo/bike_city_ai, proyect/output/
-- 01_kwb_buurten_clean.csv); the same 17 codes are in the PDOK wijken-en-buurten 2024 data. The
-- brief's "Rapenland-Oost" is not a CBS buurt: CBS has the Generalenbuurt (BU07724310) there.
-- Limbeek is two buurten (Limbeek-Zuid BU07724100, Limbeek-Noord BU07724110). The wijk (district)
-- follows the codes: 41xx Oud-Woensel, 42xx Erp, 43xx Begijnenbroek.

-- Neighbourhoods ---------------------------------------------------------------------------------
insert into public.neighbourhoods (id, slug, name, district, cbs_code) values
  ('10000000-0000-4000-8000-000000000001', 'limbeek-noord', 'Limbeek-Noord', 'Oud-Woensel', 'BU07724110'),
  ('10000000-0000-4000-8000-000000000002', 'limbeek-zuid', 'Limbeek-Zuid', 'Oud-Woensel', 'BU07724100'),
  ('10000000-0000-4000-8000-000000000003', 'hemelrijken', 'Hemelrijken', 'Oud-Woensel', 'BU07724120'),
  ('10000000-0000-4000-8000-000000000004', 'gildebuurt', 'Gildebuurt', 'Oud-Woensel', 'BU07724130'),
  ('10000000-0000-4000-8000-000000000005', 'woenselse-watermolen', 'Woenselse Watermolen', 'Oud-Woensel', 'BU07724140'),
  ('10000000-0000-4000-8000-000000000006', 'woensel-west', 'Woensel-West', 'Erp', 'BU07724210'),
  ('10000000-0000-4000-8000-000000000007', 'kronehoef', 'Kronehoef', 'Erp', 'BU07724220'),
  ('10000000-0000-4000-8000-000000000008', 'barrier', 'Barrier', 'Erp', 'BU07724230'),
  ('10000000-0000-4000-8000-000000000009', 'mensfort', 'Mensfort', 'Erp', 'BU07724240'),
  ('10000000-0000-4000-8000-000000000010', 'rapenland', 'Rapenland', 'Erp', 'BU07724250'),
  ('10000000-0000-4000-8000-000000000011', 'vredeoord', 'Vredeoord', 'Erp', 'BU07724260'),
  ('10000000-0000-4000-8000-000000000012', 'generalenbuurt', 'Generalenbuurt', 'Begijnenbroek', 'BU07724310'),
  ('10000000-0000-4000-8000-000000000013', 'oude-toren', 'Oude Toren', 'Begijnenbroek', 'BU07724320'),
  ('10000000-0000-4000-8000-000000000014', 'hondsheuvels', 'Hondsheuvels', 'Begijnenbroek', 'BU07724330'),
  ('10000000-0000-4000-8000-000000000015', 'oude-gracht-west', 'Oude Gracht-West', 'Begijnenbroek', 'BU07724340'),
  ('10000000-0000-4000-8000-000000000016', 'oude-gracht-oost', 'Oude Gracht-Oost', 'Begijnenbroek', 'BU07724350'),
  ('10000000-0000-4000-8000-000000000017', 'eckartdal', 'Eckartdal', 'Begijnenbroek', 'BU07724360')
on conflict (id) do nothing;

-- Themes -----------------------------------------------------------------------------------------
-- Names and one-sentence explanations per language (public.themes.name, .explanation). A language
-- left out falls back to Dutch, and the admin page lists it for the team.
insert into public.themes (id, slug, position, name, explanation) values
  ('20000000-0000-4000-8000-000000000001', 'perspectief', 1,
   '{"nl": "Perspectief", "en": "Prospects", "tr": "Gelecek", "ar": "آفاق المستقبل", "pl": "Perspektywy"}',
   '{"nl": "Kansen voor de toekomst: school, werk, geld en gezondheid.", "en": "Chances for the future: school, work, money and health.", "tr": "Gelecek için fırsatlar: okul, iş, para ve sağlık.", "ar": "فرص للمستقبل: المدرسة والعمل والمال والصحة.", "pl": "Szanse na przyszłość: szkoła, praca, pieniądze i zdrowie."}'),
  ('20000000-0000-4000-8000-000000000002', 'fijne-buurt', 2,
   '{"nl": "Fijne buurt", "en": "Pleasant neighbourhood", "tr": "Güzel mahalle", "ar": "حي جميل", "pl": "Miła okolica"}',
   '{"nl": "Een schone, groene en prettige buurt: straten, pleinen en parken.", "en": "A clean, green and pleasant neighbourhood: streets, squares and parks.", "tr": "Temiz, yeşil ve hoş bir mahalle: sokaklar, meydanlar ve parklar.", "ar": "حي نظيف وأخضر ومريح: الشوارع والساحات والحدائق.", "pl": "Czysta, zielona i przyjemna okolica: ulice, place i parki."}'),
  ('20000000-0000-4000-8000-000000000003', 'samen-leven', 3,
   '{"nl": "Samen leven", "en": "Living together", "tr": "Birlikte yaşamak", "ar": "العيش معًا", "pl": "Wspólne życie"}',
   '{"nl": "Buren die elkaar kennen en helpen, en dingen samen doen.", "en": "Neighbours who know and help each other, and do things together.", "tr": "Birbirini tanıyan, birbirine yardım eden ve birlikte bir şeyler yapan komşular.", "ar": "جيران يعرفون بعضهم ويساعدون بعضهم ويفعلون أشياء معًا.", "pl": "Sąsiedzi, którzy się znają, pomagają sobie i robią coś razem."}'),
  ('20000000-0000-4000-8000-000000000004', 'veiligheid', 4,
   '{"nl": "Veiligheid", "en": "Safety", "tr": "Güvenlik", "ar": "الأمان", "pl": "Bezpieczeństwo"}',
   '{"nl": "Je veilig voelen op straat en thuis, overdag en in de avond.", "en": "Feeling safe in the street and at home, by day and in the evening.", "tr": "Sokakta ve evde, gündüz ve akşam kendini güvende hissetmek.", "ar": "أن تشعر بالأمان في الشارع وفي البيت، في النهار وفي المساء.", "pl": "Czuć się bezpiecznie na ulicy i w domu, w dzień i wieczorem."}')
on conflict (id) do nothing;

-- The area (public.area_settings, one row made by the migration): Woensel-Zuid in Eindhoven.
-- The team's contact is filled in on /beheer; another area changes all of it there.
update public.area_settings set
  area_name = 'Woensel-Zuid', city = 'Eindhoven', programme_name = 'Pact Woensel Zuid',
  map_centre_lat = 51.4567, map_centre_lng = 5.4725,
  bounds_south = 51.38, bounds_north = 51.52, bounds_west = 5.36, bounds_east = 5.58;

-- Organisations (named in the minutes of the Alliantieraad, 20 April 2023) -----------------------
insert into public.organisations (id, name, slug, kind) values
  ('30000000-0000-4000-8000-000000000001', 'Gemeente Eindhoven', 'gemeente-eindhoven', 'municipality'),
  ('30000000-0000-4000-8000-000000000002', 'WijEindhoven', 'wijeindhoven', 'welfare'),
  ('30000000-0000-4000-8000-000000000003', 'Lumens', 'lumens', 'welfare'),
  ('30000000-0000-4000-8000-000000000004', 'Fontys', 'fontys', 'education'),
  ('30000000-0000-4000-8000-000000000005', 'Woonbedrijf', 'woonbedrijf', 'housing'),
  ('30000000-0000-4000-8000-000000000006', 'Ergon', 'ergon', 'care'),
  ('30000000-0000-4000-8000-000000000007', 'GGzE', 'ggze', 'care'),
  ('30000000-0000-4000-8000-000000000008', 'CKE', 'cke', 'culture'),
  ('30000000-0000-4000-8000-000000000009', 'Trudo', 'trudo', 'housing'),
  ('30000000-0000-4000-8000-000000000010', 'Ministerie van BZK', 'ministerie-van-bzk', 'government')
on conflict (id) do nothing;
