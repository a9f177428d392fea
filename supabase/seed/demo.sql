-- Demo data for Emmer, after reference.sql: demo accounts (see supabase/seed-accounts.md) and a
-- realistic set of ideas, votes, comments, coalitions and follows. Every id is fixed so that tests
-- can rely on it. Only for the local stack and demo projects, never for the real Emmer.

-- Accounts ---------------------------------------------------------------------------------------
-- The five demo accounts sign in with the password emmer-demo-2026. The extra neighbours (buur1…8)
-- have no password: they only make the votes and comments realistic.
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at, last_sign_in_at
)
select '00000000-0000-0000-0000-000000000000', u.id::uuid, 'authenticated', 'authenticated', u.email,
       case when u.login then extensions.crypt('emmer-demo-2026', extensions.gen_salt('bf', 10)) end,
       now() - interval '120 days',
       '{"provider": "email", "providers": ["email"]}'::jsonb,
       jsonb_build_object('display_name', u.display_name, 'neighbourhood_id', u.hood, 'locale', 'nl'),
       now() - interval '120 days', now() - interval '120 days', null
from (values
  ('a0000000-0000-4000-8000-000000000001', 'bewoner@emmer.local', 'Sanne', '10000000-0000-4000-8000-000000000001', true),
  ('a0000000-0000-4000-8000-000000000002', 'buurvrouw@emmer.local', 'Fatma', '10000000-0000-4000-8000-000000000001', true),
  ('a0000000-0000-4000-8000-000000000003', 'partner@emmer.local', 'Roy (Woonbedrijf)', '10000000-0000-4000-8000-000000000006', true),
  ('a0000000-0000-4000-8000-000000000004', 'team@emmer.local', 'Team Pact Woensel-Zuid', null, true),
  ('a0000000-0000-4000-8000-000000000005', 'beheer@emmer.local', 'Beheer Emmer', null, true),
  ('a0000000-0000-4000-8000-000000000011', 'buur1@emmer.local', 'Henk', '10000000-0000-4000-8000-000000000002', false),
  ('a0000000-0000-4000-8000-000000000012', 'buur2@emmer.local', 'Monique', '10000000-0000-4000-8000-000000000003', false),
  ('a0000000-0000-4000-8000-000000000013', 'buur3@emmer.local', 'Youssef', '10000000-0000-4000-8000-000000000006', false),
  ('a0000000-0000-4000-8000-000000000014', 'buur4@emmer.local', 'Agnieszka', '10000000-0000-4000-8000-000000000010', false),
  ('a0000000-0000-4000-8000-000000000015', 'buur5@emmer.local', 'Kees', '10000000-0000-4000-8000-000000000013', false),
  ('a0000000-0000-4000-8000-000000000016', 'buur6@emmer.local', 'Ayşe', '10000000-0000-4000-8000-000000000009', false),
  ('a0000000-0000-4000-8000-000000000017', 'buur7@emmer.local', 'Daan', '10000000-0000-4000-8000-000000000015', false),
  ('a0000000-0000-4000-8000-000000000018', 'buur8@emmer.local', 'Noor', '10000000-0000-4000-8000-000000000017', false)
) as u(id, email, display_name, hood, login);

insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
select u.id::text, u.id,
       jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true, 'phone_verified', false),
       'email', u.created_at, u.created_at
from auth.users u
where u.encrypted_password is not null and u.email like '%@emmer.local';

-- Roles: set directly here (the seed is trusted); in the app they change through set_role and
-- approve_partner_request.
update public.profiles set role = 'partner', organisation_id = '30000000-0000-4000-8000-000000000005'
 where id = 'a0000000-0000-4000-8000-000000000003';
update public.profiles set role = 'moderator' where id = 'a0000000-0000-4000-8000-000000000004';
update public.profiles set role = 'admin' where id = 'a0000000-0000-4000-8000-000000000005';
-- The demo admin's second factor: admin powers need aal2. A fixed TOTP secret, written down in
-- supabase/seed-accounts.md so anyone trying the demo can add it to an authenticator app
-- (`npm run demo:code` prints the current code). Demo only: never load this into production.
insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at, secret) values
  ('f0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000005', 'Demo-app', 'totp', 'verified',
   now() - interval '120 days', now() - interval '120 days', 'EMMERDEMOBEHEERTWEEDESTAPGEHEIMA');
insert into public.partner_requests (id, profile_id, organisation_id, message, status, created_at, decided_at, decided_by) values
  ('70000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000003', '30000000-0000-4000-8000-000000000005',
   'Ik werk als wijkconsulent voor Woonbedrijf in Woensel-West.', 'approved', now() - interval '110 days', now() - interval '109 days',
   'a0000000-0000-4000-8000-000000000005');

-- Follows before ideas, so that the follow triggers create realistic notifications.
insert into public.follows (user_id, neighbourhood_id) values
  ('a0000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001'),
  ('a0000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000001'),
  ('a0000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000006'),
  ('a0000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000007'),
  ('a0000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000008'),
  ('a0000000-0000-4000-8000-000000000004', '10000000-0000-4000-8000-000000000001');

-- Coalitions -------------------------------------------------------------------------------------
insert into public.coalitions (id, name, description, theme_id, created_by, created_at) values
  ('50000000-0000-4000-8000-000000000001', 'Groen in Limbeek',
   'Bewoners, Woonbedrijf en de gemeente maken Limbeek groener. We zoeken plekken voor bomen, bakken en bankjes.',
   '20000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000004', now() - interval '90 days'),
  ('50000000-0000-4000-8000-000000000002', 'Veilig naar school',
   'Ouders en buren zorgen samen dat kinderen veilig naar school lopen en fietsen.',
   '20000000-0000-4000-8000-000000000004', 'a0000000-0000-4000-8000-000000000004', now() - interval '60 days');

-- Residents first, then the partner: the coalition rule is checked at commit.
insert into public.coalition_members (coalition_id, profile_id, member_kind) values
  ('50000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'resident'),
  ('50000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000011', 'resident'),
  ('50000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000003', 'partner'),
  ('50000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000002', 'resident'),
  ('50000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000016', 'resident');

-- Ideas ------------------------------------------------------------------------------------------
insert into public.ideas (id, author_id, kind, theme_id, neighbourhood_id, title, body, lat, lng, created_at)
select ('40000000-0000-4000-8000-0000000000' || lpad(i.n::text, 2, '0'))::uuid,
       ('a0000000-0000-4000-8000-0000000000' || i.author)::uuid,
       i.kind::public.idea_kind,
       ('20000000-0000-4000-8000-00000000000' || i.theme)::uuid,
       ('10000000-0000-4000-8000-0000000000' || lpad(i.hood::text, 2, '0'))::uuid,
       i.title, i.body, i.lat, i.lng,
       now() - make_interval(days => i.days)
from (values
  (1, '01', 'idea', 2, 1, 60, 'Bankjes op het pleintje aan de Kruisstraat', 'Op het pleintje is geen plek om te zitten. Ouderen lopen er langs maar blijven niet. Met twee bankjes kunnen buren even praten.', 51.4485, 5.4760),
  (2, '02', 'initiative', 3, 1, 55, 'Samen koken in het buurthuis', 'Ik wil elke maand een avond samen koken met buren. Iedereen neemt een gerecht uit zijn eigen land mee. Wie helpt mee?', null, null),
  (3, '11', 'idea', 2, 2, 50, 'Meer bomen in de Frankrijkstraat', 'In de zomer is het heel heet in onze straat. Er staat bijna geen boom. Meer bomen geven schaduw en het ziet er mooier uit.', 51.4470, 5.4700),
  (4, '12', 'question', 4, 3, 48, 'Wanneer komt er betere verlichting in het park?', 'In het park bij Hemelrijken is het ''s avonds erg donker. Veel mensen voelen zich daar niet veilig. Komt er meer licht?', 51.4520, 5.4800),
  (5, '13', 'idea', 1, 6, 45, 'Huiswerkhulp voor kinderen in Woensel-West', 'Veel kinderen hebben thuis geen rustige plek om te leren. Een huiswerkklas na school in het buurthuis zou echt helpen.', null, null),
  (6, '14', 'initiative', 3, 10, 44, 'Taalcafé voor nieuwe buren', 'Ik kom uit Polen en wil graag beter Nederlands leren. Een taalcafé met koffie is een goede manier om buren te leren kennen.', null, null),
  (7, '15', 'idea', 2, 13, 40, 'Plantenbakken bij de Oude Toren', 'Rond de Oude Toren is veel steen. Met plantenbakken wordt het groener. Buren willen de planten water geven.', 51.4590, 5.4720),
  (8, '16', 'question', 4, 9, 38, 'Kan de oversteek bij de school veiliger?', 'Bij de basisschool in Mensfort rijden auto''s te hard. Kinderen steken daar elke dag over. Kan er een zebrapad of drempel komen?', 51.4630, 5.4650),
  (9, '17', 'idea', 2, 15, 36, 'Speeltuin opknappen aan de Oude Gracht', 'De speeltoestellen zijn oud en kapot. De kinderen spelen nu op straat. Nieuwe toestellen maken de buurt fijner voor gezinnen.', 51.4600, 5.4830),
  (10, '18', 'initiative', 3, 17, 35, 'Buurtbarbecue in Eckartdal', 'Elk jaar in juni wil ik een barbecue voor de hele straat. Zo leren nieuwe en oude buren elkaar kennen.', null, null),
  (11, '01', 'idea', 4, 1, 33, 'Minder afval naast de containers', 'Naast de containers staat vaak veel afval. Dat trekt ratten aan. Een bord en vaker legen helpt misschien.', 51.4490, 5.4755),
  (12, '02', 'question', 1, 1, 30, 'Waar vind ik hulp bij geldzorgen?', 'Veel buren hebben schulden en weten niet waar ze heen moeten. Kan er een vast spreekuur in de buurt komen?', null, null),
  (13, '13', 'idea', 2, 6, 29, 'Groene gevels in Woensel-West', 'Met klimplanten tegen de muren wordt de straat groener en koeler. Woonbedrijf kan misschien helpen met de huurhuizen.', 51.4460, 5.4690),
  (14, '11', 'initiative', 3, 2, 27, 'Repair café in Limbeek', 'Ik repareer graag fietsen en lampen. Een repair café één keer per maand helpt buren geld te besparen.', null, null),
  (15, '12', 'idea', 1, 3, 25, 'Stageplekken voor jongeren uit de buurt', 'Jongeren in Hemelrijken vinden moeilijk een stage. Bedrijven en organisaties uit het Pact kunnen plekken aanbieden.', null, null),
  (16, '14', 'idea', 4, 10, 24, 'Buurtpreventie-app voor Rapenland', 'Met een app kunnen buren elkaar snel waarschuwen. Bijvoorbeeld bij inbraak of een vreemde auto in de straat.', null, null),
  (17, '15', 'question', 2, 14, 22, 'Wie maait het gras bij Hondsheuvels?', 'Het gras langs het fietspad is heel hoog. Niemand weet wie het moet maaien. Kan de gemeente dat uitzoeken?', 51.4650, 5.4780),
  (18, '16', 'idea', 3, 9, 20, 'Ontmoetingsplek voor ouderen in Mensfort', 'Veel ouderen zijn alleen. Een vaste koffieochtend in de week geeft ze een plek om anderen te zien.', null, null),
  (19, '17', 'idea', 2, 16, 18, 'Bloemenweide in plaats van gras', 'Het grasveld aan de Oude Gracht-Oost is saai. Een bloemenweide is goed voor bijen en mooi om te zien.', 51.4610, 5.4860),
  (20, '18', 'initiative', 1, 17, 16, 'Computerles voor ouderen', 'Veel ouderen vinden DigiD en internetbankieren moeilijk. Ik geef graag les, als er een ruimte is.', null, null),
  (21, '01', 'idea', 2, 1, 14, 'Meer bankjes rond het plein in Limbeek', 'Rond het plein kun je nergens zitten. Bankjes maken het plein gezelliger voor jong en oud.', 51.4486, 5.4762),
  (22, '02', 'idea', 4, 1, 12, 'Fietsenrekken bij de flats', 'Fietsen staan overal op de stoep. Mensen met een rollator kunnen er niet langs. Meer fietsenrekken lossen dat op.', 51.4482, 5.4748),
  (23, '13', 'question', 3, 6, 10, 'Kan het buurthuis langer open?', 'Het buurthuis gaat om vijf uur dicht. Werkende mensen kunnen dan niet meedoen. Kan het ook ''s avonds open?', null, null),
  (24, '11', 'idea', 1, 4, 9, 'Muziekles voor kinderen in de Gildebuurt', 'Muziekles is duur. Met CKE kunnen kinderen uit de buurt gratis een instrument leren spelen.', null, null),
  (25, '12', 'idea', 2, 5, 8, 'Schoonmaakactie langs de Dommel', 'Langs het water bij de Watermolen ligt veel zwerfafval. Ik wil met buren een schoonmaakochtend houden.', 51.4540, 5.4850),
  (26, '14', 'idea', 4, 11, 7, 'Drempels in de Vredeoordlaan', 'Auto''s rijden veel te hard door de straat. Er spelen veel kinderen. Drempels maken het veiliger.', 51.4660, 5.4700),
  (27, '15', 'initiative', 3, 12, 5, 'Boekenkastje in de Generalenbuurt', 'Ik wil een minibieb in de straat zetten. Iedereen kan een boek pakken of brengen. Het kost bijna niets.', null, null),
  (28, '16', 'question', 1, 8, 4, 'Is er hulp bij het zoeken naar werk?', 'Ik zoek al lang werk. Ik weet niet welke organisatie mij kan helpen. Is er een plek in Barrier waar ik terecht kan?', null, null),
  (29, '17', 'idea', 2, 7, 2, 'Hondenuitlaatplek in Kronehoef', 'Honden poepen nu op het speelveld. Een vaste uitlaatplek met een afvalbak houdt het speelveld schoon.', 51.4560, 5.4640),
  (30, '02', 'idea', 3, 1, 1, 'Welkomstpakket voor nieuwe buren', 'Nieuwe bewoners weten vaak niet wat er in de buurt is. Een pakketje met tips en adressen helpt ze op weg.', null, null)
) as i(n, author, kind, theme, hood, days, title, body, lat, lng);

-- Votes: a deterministic spread, more on older ideas. The count triggers fill vote_count.
insert into public.votes (idea_id, user_id, created_at)
select i.id, p.id, i.created_at + interval '1 day'
from public.ideas i
join public.profiles p on p.id <> i.author_id
where i.id::text like '40000000-%'
  and (hashtext(i.id::text || p.id::text) % 100 + 100) % 100 < 30 + (extract(day from now() - i.created_at)::int);

-- Comments with replies ---------------------------------------------------------------------------
insert into public.comments (id, idea_id, author_id, parent_id, body, created_at) values
  ('60000000-0000-4000-8000-000000000001', '40000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000002', null,
   'Goed plan! Mijn moeder zou daar graag zitten.', now() - interval '59 days'),
  ('60000000-0000-4000-8000-000000000002', '40000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001',
   '60000000-0000-4000-8000-000000000001', 'Dank je! Zullen we samen naar het buurthuis gaan om het te vragen?', now() - interval '58 days'),
  ('60000000-0000-4000-8000-000000000003', '40000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000003', null,
   'Woonbedrijf denkt graag mee. Een deel van het plein is van ons.', now() - interval '57 days'),
  ('60000000-0000-4000-8000-000000000004', '40000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000012', null,
   'Ja, in onze straat ook! Vorige zomer was het niet uit te houden.', now() - interval '49 days'),
  ('60000000-0000-4000-8000-000000000005', '40000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000011',
   '60000000-0000-4000-8000-000000000004', 'Zullen we een lijst maken van plekken waar een boom kan staan?', now() - interval '48 days'),
  ('60000000-0000-4000-8000-000000000006', '40000000-0000-4000-8000-000000000004', 'a0000000-0000-4000-8000-000000000015', null,
   'Ik loop daar ''s avonds met de hond. Het is echt te donker.', now() - interval '47 days'),
  ('60000000-0000-4000-8000-000000000007', '40000000-0000-4000-8000-000000000005', 'a0000000-0000-4000-8000-000000000014', null,
   'Ik ben juf geweest. Ik help graag één middag per week.', now() - interval '44 days'),
  ('60000000-0000-4000-8000-000000000008', '40000000-0000-4000-8000-000000000005', 'a0000000-0000-4000-8000-000000000013',
   '60000000-0000-4000-8000-000000000007', 'Wat fijn! Ik zet je naam op de lijst.', now() - interval '43 days'),
  ('60000000-0000-4000-8000-000000000009', '40000000-0000-4000-8000-000000000008', 'a0000000-0000-4000-8000-000000000002', null,
   'Mijn zoon gaat daar naar school. Ik schrik elke dag van de auto''s.', now() - interval '37 days'),
  ('60000000-0000-4000-8000-000000000010', '40000000-0000-4000-8000-000000000011', 'a0000000-0000-4000-8000-000000000016', null,
   'Bij ons staat ook elke week afval naast de bak.', now() - interval '32 days'),
  ('60000000-0000-4000-8000-000000000011', '40000000-0000-4000-8000-000000000014', 'a0000000-0000-4000-8000-000000000001', null,
   'Mijn fiets is al weken kapot. Ik kom zeker!', now() - interval '26 days'),
  ('60000000-0000-4000-8000-000000000012', '40000000-0000-4000-8000-000000000014', 'a0000000-0000-4000-8000-000000000011',
   '60000000-0000-4000-8000-000000000011', 'Top, neem hem de eerste keer maar mee.', now() - interval '25 days'),
  ('60000000-0000-4000-8000-000000000013', '40000000-0000-4000-8000-000000000021', 'a0000000-0000-4000-8000-000000000018', null,
   'Dit lijkt op het idee over bankjes aan de Kruisstraat.', now() - interval '13 days'),
  ('60000000-0000-4000-8000-000000000014', '40000000-0000-4000-8000-000000000026', 'a0000000-0000-4000-8000-000000000017', null,
   'Drempels zijn goed, maar ook een bord met 30 km.', now() - interval '6 days'),
  ('60000000-0000-4000-8000-000000000015', '40000000-0000-4000-8000-000000000030', 'a0000000-0000-4000-8000-000000000012', null,
   'Leuk idee. Zet er ook de tijden van het buurthuis in.', now() - interval '12 hours');

-- One hidden comment, to show how the team hides abuse with a reason.
insert into public.comments (id, idea_id, author_id, body, created_at, hidden_at, hidden_reason, hidden_by) values
  ('60000000-0000-4000-8000-000000000016', '40000000-0000-4000-8000-000000000016', 'a0000000-0000-4000-8000-000000000018',
   'Die mensen uit die straat zijn altijd het probleem.', now() - interval '20 days', now() - interval '19 days',
   'Deze reactie zet een groep buren weg. Dat past niet bij Emmer.', 'a0000000-0000-4000-8000-000000000004');

insert into public.reports (id, reporter_id, comment_id, reason, created_at, resolved_at, resolved_by, resolution_note) values
  ('80000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000014', '60000000-0000-4000-8000-000000000016',
   'Dit is kwetsend voor mijn buren.', now() - interval '20 days', now() - interval '19 days',
   'a0000000-0000-4000-8000-000000000004', 'Reactie verborgen.');

-- Status answers from the team, through the same function the app uses -------------------------
select set_config('request.jwt.claims',
  '{"sub": "a0000000-0000-4000-8000-000000000004", "role": "authenticated"}', true);

select public.set_idea_status(i.id::uuid, i.status::public.idea_status, i.message, i.coalition::uuid)
from (values
  ('40000000-0000-4000-8000-000000000001', 'in_review', 'Goed idee! We hebben het besproken met Woonbedrijf. Zij kijken in mei of er een bankje kan komen. We laten het je dan weten.', null),
  ('40000000-0000-4000-8000-000000000001', 'in_coalition', 'De coalitie Groen in Limbeek gaat met je idee aan de slag. Je kunt meedoen als je wilt.', '50000000-0000-4000-8000-000000000001'),
  ('40000000-0000-4000-8000-000000000003', 'in_coalition', 'De coalitie Groen in Limbeek zoekt nu plekken voor bomen in jouw straat.', '50000000-0000-4000-8000-000000000001'),
  ('40000000-0000-4000-8000-000000000003', 'in_progress', 'De gemeente plant in november vier nieuwe bomen. We laten weten wanneer ze er staan.', null),
  ('40000000-0000-4000-8000-000000000004', 'in_review', 'We vragen de gemeente wanneer de lampen in het park aan de beurt zijn.', null),
  ('40000000-0000-4000-8000-000000000005', 'in_progress', 'Lumens start in september een huiswerkklas in het buurthuis. Kinderen kunnen zich al aanmelden.', null),
  ('40000000-0000-4000-8000-000000000006', 'done', 'Het taalcafé is er! Elke dinsdag om 10 uur in het buurthuis. Iedereen is welkom.', null),
  ('40000000-0000-4000-8000-000000000008', 'in_coalition', 'De groep Veilig naar school gaat met de school en de gemeente praten over de oversteek.', '50000000-0000-4000-8000-000000000002'),
  ('40000000-0000-4000-8000-000000000009', 'not_feasible', 'Dit lukt nu niet. De grond is van de gemeente en daar komt volgend jaar een nieuwe weg. We nemen je idee mee in het plan voor de weg.', null),
  ('40000000-0000-4000-8000-000000000010', 'done', 'De barbecue was een groot succes. Meer dan zestig buren kwamen. Dank je wel!', null),
  ('40000000-0000-4000-8000-000000000012', 'in_review', 'We zoeken samen met WijEindhoven een plek voor een vast spreekuur over geld.', null),
  ('40000000-0000-4000-8000-000000000013', 'in_review', 'Woonbedrijf kijkt welke gevels geschikt zijn voor klimplanten.', null),
  ('40000000-0000-4000-8000-000000000014', 'in_progress', 'Het repair café begint op de eerste zaterdag van de maand. We zoeken nog een paar handige buren.', null),
  ('40000000-0000-4000-8000-000000000017', 'done', 'De gemeente maait het gras nu elke maand. Zie je dat het te hoog is? Laat het ons weten.', null),
  ('40000000-0000-4000-8000-000000000020', 'in_review', 'We zoeken een ruimte voor de computerles. De bibliotheek denkt mee.', null)
) as i(id, status, message, coalition);

select public.merge_idea('40000000-0000-4000-8000-000000000021', '40000000-0000-4000-8000-000000000001',
  'Er was al een idee over bankjes op dit plein. We gaan samen verder bij dat idee.');

select set_config('request.jwt.claims', '', true);

-- The trail and the log got "now" as time; spread them after the ideas for a believable history.
update public.idea_updates u
   set created_at = i.created_at + make_interval(days => 3 + (extract(epoch from u.created_at)::bigint % 5)::int)
  from public.ideas i
 where i.id = u.idea_id and u.created_at > i.created_at + interval '1 hour' and i.created_at < now() - interval '8 days';

-- The agenda: three initiatives that grew from ideas, a visit to one of them and two meetups, a few
-- days from now (Europe/Amsterdam), so the agenda is never empty in a demo.
insert into public.initiatives (id, name, description, neighbourhood_id, theme_id, meets, organiser_id, idea_id) values
  ('60000000-0000-4000-8000-000000000001', 'Repair café Limbeek',
   'Buren repareren samen fietsen, lampen en kleren. Iedereen mag komen, ook als je zelf niet handig bent.',
   '10000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-000000000003',
   'Elke eerste zaterdag van de maand, van 10 tot 13 uur',
   'a0000000-0000-4000-8000-000000000011', '40000000-0000-4000-8000-000000000014'),
  ('60000000-0000-4000-8000-000000000002', 'Taalcafé voor nieuwe buren',
   'We drinken koffie en praten Nederlands. Je hoeft het nog niet goed te kunnen. Buren helpen elkaar.',
   '10000000-0000-4000-8000-000000000010', '20000000-0000-4000-8000-000000000003',
   'Elke woensdag om 10 uur', 'a0000000-0000-4000-8000-000000000014', '40000000-0000-4000-8000-000000000006'),
  ('60000000-0000-4000-8000-000000000003', 'Samen koken in het buurthuis',
   'Eén keer per maand koken buren samen. Iedereen neemt een gerecht uit zijn eigen land mee.',
   '10000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000003',
   'Eén vrijdagavond per maand', 'a0000000-0000-4000-8000-000000000002', '40000000-0000-4000-8000-000000000002');

insert into public.events (id, kind, title, description, starts_at, ends_at, place, neighbourhood_id, theme_id,
                           capacity, languages, step_free, hearing_loop, childcare, access_notes, initiative_id, organiser_id)
select e.id::uuid, e.kind::public.event_kind, e.title, e.description,
       (date_trunc('day', now() at time zone 'Europe/Amsterdam') + e.starts) at time zone 'Europe/Amsterdam',
       (date_trunc('day', now() at time zone 'Europe/Amsterdam') + e.starts + e.length) at time zone 'Europe/Amsterdam',
       e.place, e.hood::uuid, '20000000-0000-4000-8000-000000000003', e.capacity, e.languages::text[],
       e.step_free, e.hearing_loop, e.childcare, e.notes, e.initiative::uuid, e.organiser::uuid
from (values
  ('70000000-0000-4000-8000-000000000001', 'visit', 'Kom langs bij het repair café',
   'Kijk mee hoe buren samen een fiets maken. Daarna drinken we koffie en vertellen we hoe we begonnen zijn.',
   interval '3 days 10 hours', interval '2 hours', 'Achter de school aan de Celebesstraat',
   '10000000-0000-4000-8000-000000000002', 6, '{nl,pl}', true, false, false, null,
   '60000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000011'),
  ('70000000-0000-4000-8000-000000000002', 'meetup', 'Koffie: van initiatief naar initiatief',
   'Initiatieven uit alle buurten vertellen wat ze doen. Wat is er al, en wat kunnen we van elkaar leren?',
   interval '9 days 14 hours', interval '2 hours', 'Buurthuis De Kruidenhof',
   '10000000-0000-4000-8000-000000000001', 30, '{nl,tr,ar}', true, true, true,
   'Er is een speelhoek voor kinderen.', null, 'a0000000-0000-4000-8000-000000000004'),
  ('70000000-0000-4000-8000-000000000003', 'meetup', 'Taalcafé: koffie en Nederlands praten',
   'We drinken koffie en praten Nederlands over de buurt. Iedereen is welkom, ook als je nog weinig Nederlands spreekt.',
   interval '5 days 10 hours', interval '90 minutes', 'Bibliotheek Woensel, leeshoek',
   '10000000-0000-4000-8000-000000000010', null, '{nl,pl,en}', true, false, false, null,
   '60000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000014')
) as e(id, kind, title, description, starts, length, place, hood, capacity, languages, step_free,
       hearing_loop, childcare, notes, initiative, organiser);

insert into public.event_addresses (event_id, address) values
  ('70000000-0000-4000-8000-000000000001', 'Celebesstraat 40 (de schuur achter de school)');
-- A made-up contact for the demo team, so that the footer and the About page show one locally.
update public.area_settings set
  contact_email = 'team@emmer.example',
  contact_phone = '040 123 45 67',
  contact_address = 'Buurthuis, Voorbeeldstraat 1, Eindhoven',
  walk_in_hours = '{"nl": "Dinsdag 10:00 tot 12:00", "en": "Tuesday 10:00 to 12:00", "tr": "Salı 10:00 - 12:00", "ar": "الثلاثاء 10:00 حتى 12:00", "pl": "Wtorek 10:00 do 12:00"}';
