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
insert into public.themes (id, slug, position) values
  ('20000000-0000-4000-8000-000000000001', 'perspectief', 1),
  ('20000000-0000-4000-8000-000000000002', 'fijne-buurt', 2),
  ('20000000-0000-4000-8000-000000000003', 'samen-leven', 3),
  ('20000000-0000-4000-8000-000000000004', 'veiligheid', 4)
on conflict (id) do nothing;

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
