"""Nederlands: every text a person reads in this language (the transparency page, the booking
widget, the Art. 14 notice). Adding a language is adding one file like this and naming it in
blocklist/locales/__init__.py."""

NAME = "Nederlands"
# the country a phone typed without its country code is most likely from, for people reading this
# language (None where the language spans many countries)
PHONE_COUNTRY = "NL"
RIGHT_TO_LEFT = False

TRANSPARENCY = {
    "title": "Hoe Blocklist werkt",
    "intro": ("Blocklist helpt schoonheidssalons hun agenda te beschermen tegen opzettelijk valse boekingen en "
              "herhaald niet verschijnen. Salons melden klanten; een melding alleen zet niemand op de lijst."),
    "criteria_h": "Wie op de lijst kan komen",
    "criteria": ("Alleen iemand van wie een salon het boekingsgedrag meldde (valse boekingen, herhaald niet "
                 "verschijnen, late annuleringen, grensoverschrijdend gedrag) en van wie een moderator de zaak "
                 "heeft beoordeeld. Een naam alleen leidt nooit tot een blokkade; vermeldingen gaan over een "
                 "e-mailadres of telefoonnummer."),
    "decisions_h": "Hoe besluiten worden genomen",
    "decisions": 'Een menselijke moderator beslist over elke blokkering, na het lezen van de meldingen van alle salons. Niet-beoordeelde meldingen kunnen een salon vragen een boeking te bevestigen of een aanbetaling te vragen, nooit om die te weigeren. Wordt een vermelding betwist en bevestigt de persoon met een code dat het e-mailadres of telefoonnummer van hem of haar is, dan wordt ze meteen beperkt: tot de afhandeling kan ze hooguit om een bevestiging vragen.',
    "standing_h": 'Je goede naam terugkrijgen',
    "standing": 'Een vermelding eindigt wanneer een moderator haar opheft of wanneer haar termijn voorbij is. Vanaf dan vragen de no-shows waarop ze gebaseerd was geen aanbetaling meer; alleen no-shows die daarna worden gemeld, tellen. En zodra een salon ons laat weten dat je op een afspraak kwam, telt geen eerdere no-show meer.',
    "retention_h": "Hoe lang gegevens bewaard blijven",
    "retention": ("Een vermelding geldt {default} maanden, tenzij de moderator korter kiest, en nooit langer "
                  "dan {maximum} maanden. Niet beoordeelde meldingen worden na {pending} dagen verwijderd. "
                  "Afgewezen en ingetrokken meldingen verliezen hun persoonsgegevens na {closed} dagen. "
                  "Controles worden 30 dagen bewaard. E-mailadressen en telefoonnummers zijn versleuteld."),
    "rights_h": "Uw rechten",
    "rights": ("U kunt vragen welke gegevens wij over u hebben, ze laten corrigeren of wissen, en een "
               "vermelding betwisten. Gebruik het formulier hieronder met het e-mailadres of telefoonnummer van "
               "de boeking; wij antwoorden binnen een maand."),
    "form_h": "Een vermelding betwisten",
    "name": "Uw naam",
    "email": "E-mail",
    "phone": "Telefoon",
    "message": "Wat is er gebeurd?",
    "send": "Versturen",
    "sent": "Dank u. We hebben uw verzoek ontvangen ({id}); een moderator beoordeelt het.",
    "need_contact": "Geef het e-mailadres of telefoonnummer van de boeking.",
    "need_message": "Geef uw naam en vertel wat er is gebeurd.",
    "country": "Land van het telefoonnummer",
    "country_none": "— (ik heb de landcode ingevuld)",
    "phone_unreadable": ("We kunnen dit telefoonnummer niet lezen. Kies het land of schrijf het met landcode "
                         "(bijv. +31 6 12345678)."),
    "email_unreadable": "We kunnen dit e-mailadres niet lezen. Controleer het en verstuur het formulier opnieuw.",
    "stopped": ("De boekingspagina van een salon heeft uw gegevens gecontroleerd en de boeking niet online "
                "aangenomen (kenmerk {ref}). Hieronder: waarom dat kan gebeuren en hoe u het betwist. Het "
                "formulier bevat het kenmerk al."),
    "operator": ("Blocklist wordt beheerd door {controller}, verantwoordelijk voor uw gegevens. Contact: "
                 "{contact}."),
    "never_booked": 'Ik heb deze boeking nooit gemaakt: iemand anders gebruikte mijn e-mailadres of telefoonnummer',
    "appeal_h": 'Je bezwaar',
    "status_awaiting_verification": 'We wachten tot je bevestigt dat het e-mailadres of telefoonnummer van jou is.',
    "status_received": 'Bevestigd. Een moderator beoordeelt het; het antwoord komt per e-mail en op deze pagina.',
    "status_lifted": 'Afgehandeld: de vermelding is opgeheven. Boekingen met deze gegevens worden niet meer tegengehouden.',
    "status_upheld": 'Afgehandeld: de vermelding blijft staan.',
    "verify_email": 'We hebben een code van 6 cijfers naar het opgegeven e-mailadres gestuurd. Vul die hier in om te bevestigen dat het adres van jou is. Tot dan verandert er niets.',
    "verify_phone": 'We hebben een code van 6 cijfers per sms naar het opgegeven telefoonnummer gestuurd. Vul die hier in om te bevestigen dat het nummer van jou is. Tot dan verandert er niets.',
    "verify_none": 'We kunnen je hier geen code sturen en dus niet bevestigen dat deze gegevens van jou zijn. Een moderator leest je bezwaar wel, maar de vermelding blijft zoals ze is tot die beslist.',
    "code": 'Code',
    "verify": 'Bevestigen',
    "code_wrong": 'Die code klopt niet. Controleer hem en probeer het opnieuw.',
    "code_locked": 'Te veel verkeerde codes: dit bezwaar is vergrendeld. Stuur zo nodig een nieuw bezwaar.',
    "code_expired": 'Deze code is verlopen. Vraag hieronder een nieuwe aan.',
    "resend": 'Stuur me een nieuwe code',
    "resent": 'Er is een nieuwe code onderweg.',
    "resend_refused": 'Er kan nu geen nieuwe code worden gestuurd (er ging er minder dan een minuut geleden een, of er zijn er al drie gestuurd).',
    "verified": 'Dank je, bevestigd. Zolang een moderator je bezwaar beoordeelt, kan deze vermelding een salon hooguit vragen je boeking te bevestigen.',
    "moderator_note": 'Het antwoord van de moderator:',
    "follow_unknown": 'Dit bezwaar is alleen te zien via de link in de e-mail die we je stuurden, of in de browser waarmee je het verstuurde.',
}

WIDGET = {
    "block": "Helaas kunnen we deze boeking niet online aannemen. Neem rechtstreeks contact op met de salon.",
    "require_deposit": "Voor deze boeking is een aanbetaling nodig. De salon laat u weten hoe u die betaalt.",
    "require_confirmation": "De salon neemt contact met u op om deze boeking te bevestigen.",
    "proceed": "Doorgaan",
    "help": "Waarom? Wat u kunt doen",
}

# the demo booking page (a salon's page protected by the widget)
DEMO = {
    "title": "maak een afspraak",
    "tagline": "Haar · Nagels · Beauty — een demo-boekingspagina beschermd door Blocklist",
    "appointment": "Uw afspraak",
    "service": "Behandeling",
    "services": ["Manicure", "Pedicure", "Knippen", "Kleuren", "Wenkbrauwen en wimpers"],
    "starts_at": "Datum en tijd",
    "about_you": "Over u",
    "name": "Volledige naam",
    "email": "E-mail",
    "phone": "Telefoon",
    "phone_country": "Landcode",
    "phone_country_local": "zoals in het land van de salon",
    "book": "Nu boeken",
    "received": "Boeking ontvangen",
    "thanks": "Dank u,",
    "on": "op",
    "said": "Blocklist zei:",
    "action": "actie",
    "note": ("Een echt boekingssysteem zou de afspraak nu opslaan en, bij een aanbetaling of bevestiging, die "
             "stap zetten."),
}

# the Art. 14 notice (GDPR) to a person whose email is listed; one paragraph per item, never
# hard-wrapped (mail programs wrap to the reader's screen)
NOTICE = {
    "subject": "U staat vermeld bij de Blocklist-dienst voor salonboekingen",
    "paragraphs": [
        "Hallo,",
        ("wij schrijven u op grond van artikel 14 van de AVG, omdat wij gegevens over u hebben die wij niet "
         "van u zelf hebben gekregen."),
        ("Wie wij zijn en waarom: {controller} beheert Blocklist, een dienst die schoonheids- en kapsalons "
         "samen gebruiken om zich te beschermen tegen valse boekingen en herhaald niet verschijnen. Wij "
         "verwerken uw gegevens voor dat gerechtvaardigde belang (art. 6 lid 1 onder f AVG)."),
        "Welke gegevens: {data}, en wat salons meldden: {reasons}.",
        ("Waar ze vandaan komen: salons waar met deze gegevens werd geboekt, hebben ze gemeld. Een moderator "
         "(een mens) heeft de meldingen beoordeeld en de gegevens vermeld; salons die de dienst gebruiken "
         "kunnen bij deze gegevens om een aanbetaling of bevestiging vragen, of een boeking weigeren."),
        "Hoe lang: de vermelding eindigt uiterlijk op {until} en wordt dan verwijderd.",
        ("Uw rechten: u kunt een kopie vragen van de gegevens die wij over u hebben, ze laten corrigeren of "
         "wissen, het gebruik laten beperken en bezwaar maken; u kunt ook een klacht indienen bij een "
         "toezichthouder voor gegevensbescherming. Om de vermelding te betwisten (zij wordt direct beperkt "
         "zolang wij haar beoordelen) of deze rechten te gebruiken, zie {url}"),
        "Dit bericht is eenmalig verstuurd; antwoorden worden niet gelezen.",
    ],
    "email": "uw e-mailadres",
    "phone": "uw telefoonnummer",
    "name": "de naam die bij het boeken is opgegeven",
    "end_of_period": "het einde van de vermeldingsperiode",
    "unspecified": "herhaalde problemen met boekingen",
    "fake_booking": "boekingen zonder de bedoeling te komen",
    "no_show": "niet verschijnen op geboekte afspraken",
    "late_cancellation": "afspraken op het laatste moment afzeggen",
    "abusive": "grensoverschrijdend gedrag tegenover personeel",
    "date": "%d-%m-%Y",
    "other_language": "Hetzelfde bericht in het Engels (in English):",
    "warning_subject": "Een waarschuwing van de Blocklist-dienst voor salonboekingen",
    "warning": ("Dit is een waarschuwing, geen vermelding: hierdoor wordt geen boeking geweigerd. Als salons "
                "met deze gegevens nog meer valse boekingen of niet verschijnen melden, leidt dat tot een "
                "aanbetalingsplicht of een blokkade."),
    "warning_source": ("Waar ze vandaan komen: salons waar met deze gegevens werd geboekt, hebben ze gemeld. "
                       "Een moderator (een mens) heeft de meldingen beoordeeld en besloten u te waarschuwen "
                       "in plaats van de gegevens te vermelden."),
    "warning_how_long": "Hoe lang: de waarschuwing wordt uiterlijk tot {until} bewaard en daarna verwijderd.",
}

APPEAL_MESSAGES = {'code_subject': 'Je code om je bezwaar bij Blocklist te bevestigen',
 'code_mail': ['Hallo,',
               'je hebt bezwaar gemaakt tegen een vermelding in de Blocklist-dienst van {controller}. Vul deze code '
               'in op de pagina waar je vandaan komt om te bevestigen dat dit e-mailadres van jou is: {code}',
               'Hij is {minutes} minuten geldig. Je kunt je bezwaar ook hier volgen: {url}',
               'Heb je geen bezwaar gestuurd? Negeer dit bericht dan: zonder de code verandert er niets.'],
 'code_text': 'Blocklist: je code is {code} ({minutes} min geldig). Vul hem in op de bezwaarpagina. Geen bezwaar '
              'gestuurd? Negeer dit.',
 'lifted_subject': 'Je bezwaar bij Blocklist: de vermelding is opgeheven',
 'lifted_mail': ['Hallo,',
                 'een moderator heeft je bezwaar beoordeeld en de vermelding opgeheven. Boekingen met deze gegevens '
                 'worden niet meer door Blocklist tegengehouden.',
                 'Het antwoord van de moderator: {note}',
                 'Je bezwaar: {url}'],
 'lifted_text': 'Blocklist: je bezwaar is toegekend en de vermelding opgeheven. Details: {url}',
 'upheld_subject': 'Je bezwaar bij Blocklist: de vermelding blijft staan',
 'upheld_mail': ['Hallo,',
                 'een moderator heeft je bezwaar beoordeeld en besloten dat de vermelding blijft staan.',
                 'Het antwoord van de moderator: {note}',
                 'Je kunt een klacht indienen bij een toezichthouder voor gegevensbescherming, of {controller} '
                 'bereiken via {url}'],
 'upheld_text': 'Blocklist: je bezwaar is beoordeeld en de vermelding blijft staan. Details: {url}'}

PORTAL = {
    "portal": "Salonportaal", "skip": "Naar de inhoud", "sections": "Onderdelen", "language": "Taal",
    "log_in": "Inloggen", "log_out": "Uitloggen", "logged_out": "Je bent uitgelogd.",
    "login_title": "Blocklist voor salons",
    "login_hint": "De eigenaar van je salon nodigt je uit (eigenaren: het Blocklist-team). De uitnodiging heeft een "
                  "link waar je je wachtwoord kiest.",
    "login_wrong": "Verkeerd e-mailadres, wachtwoord of code.",
    "login_too_many": "Te veel mislukte pogingen. Wacht een paar minuten en probeer het opnieuw.",
    "email": "E-mail", "password": "Wachtwoord", "code": "Code uit je authenticator-app",
    "code_hint": "(zodra inloggen in twee stappen aan staat; of een herstelcode)",
    "invite_title": "Kies je wachtwoord",
    "invite_intro": "Je bent uitgenodigd voor het Blocklist-portaal van {salon} als {email}.",
    "invite_gone_title": "Deze uitnodigingslink werkt niet",
    "invite_gone": "Hij is al gebruikt of ouder dan 7 dagen. Vraag wie je uitnodigde om een nieuwe.",
    "new_password": "Nieuw wachtwoord", "password_rule": "(minstens 12 tekens; geen veelgebruikt wachtwoord)",
    "password_again": "Hetzelfde wachtwoord nog eens", "set_password": "Wachtwoord instellen",
    "passwords_differ": "De twee wachtwoorden zijn niet gelijk.", "password_refused": "Kies een ander wachtwoord",
    "welcome": "Je wachtwoord is ingesteld. Nog één stap: zet inloggen in twee stappen aan.",
    "mfa_title": "Inloggen in twee stappen",
    "mfa_enabled": "Bij het inloggen vragen we een code uit je authenticator-app. Telefoon kwijt? Log in met een "
                   "herstelcode (nog {left}), of vraag de eigenaar van je salon de tweede factor te verwijderen.",
    "make_new_codes": "Nieuwe herstelcodes maken",
    "mfa_add": "Voeg dit account toe aan een authenticator-app (elke TOTP-app: 6 cijfers, 30 seconden) en typ de "
               "code die hij toont.",
    "mfa_key": "Sleutel voor de app", "mfa_link": "of, voor apps die een link aannemen:", "mfa_code": "Code uit de app",
    "mfa_switch_on": "Aanzetten",
    "mfa_required": "Het portaal vraagt eerst een tweede factor: bij elke login een code uit een authenticator-app "
                    "op je telefoon.",
    "mfa_optional": "Bescherm je login met een code uit een authenticator-app op je telefoon.",
    "mfa_set_up": "Inloggen in twee stappen instellen",
    "mfa_wrong": "Die code klopt niet. Controleer de klok van je telefoon en probeer de volgende code.",
    "mfa_on": "Inloggen in twee stappen staat aan: je herstelcodes",
    "new_codes": "Nieuwe herstelcodes (de vorige werken niet meer)",
    "codes_intro": "Elke herstelcode logt je één keer in in plaats van een code uit de app, voor de dag dat je "
                   "telefoon kwijt is. Bewaar ze veilig, niet bij je telefoon.",
    "recovery_code": "Herstelcode",
    "shown_once": "Kopieer dit nu: het wordt maar één keer getoond.", "continue": "Verder",
    "back_to_portal": "Terug naar het portaal",
    "nav_home": "Overzicht", "nav_report": "Klant melden", "nav_lookup": "Opzoeken", "nav_reports": "Mijn meldingen",
    "nav_outcomes": "Kwamen ze?", "nav_integration": "Boekingspagina", "nav_people": "Mensen",
    "tile_report": "Iemand boekte nep, kwam niet of annuleerde te laat.",
    "tile_lookup": "Controleer een klant voordat je een telefonische boeking aanneemt.",
    "tile_reports": "Wat er van je meldingen geworden is.",
    "since_last_visit": "Veranderd sinds je laatste bezoek", "nothing_changed": "Niets nieuws over je meldingen.",
    "see_all_reports": "Al je meldingen",
    "waiting_outcomes": "Kwamen deze klanten?",
    "waiting_outcomes_intro": "Je hebt deze klanten opgezocht en wij vroegen om een bevestiging. Vertel hoe de "
                              "afspraak ging: zo blijft de lijst eerlijk.",
    "nothing_waiting": "Geen boeking wacht op een antwoord.",
    "report_title": "Een klant melden",
    "report_intro": "Een moderator leest elke melding voordat iemand op de lijst komt. Geef wat je weet: hoe meer "
                    "van naam, e-mail en telefoon, hoe beter we de persoon herkennen.",
    "what_happened": "Wat er gebeurde", "customer": "Klant", "name": "Naam", "phone": "Telefoon",
    "phone_country": "Land van het telefoonnummer",
    "phone_country_hint": "Voor een nummer zonder landcode (+…).",
    "category_no_show": "Kwam niet", "category_no_show_hint": "(no-show)",
    "category_late_cancellation": "Te laat geannuleerd", "category_late_cancellation_hint": "(te laat om de plek te vullen)",
    "category_fake_booking": "Nepboeking", "category_fake_booking_hint": "(verzonnen, of om je plekken te blokkeren)",
    "category_abusive": "Grensoverschrijdend", "category_abusive_hint": "(bedreiging of scheldpartij naar personeel)",
    "booking": "Boeking", "starts_at": "Tijd van de afspraak", "zone_hint": "(tijd van je salon: {zone})",
    "service": "Behandeling", "reference": "Referentie", "channel": "Geboekt", "channel_unknown": "—",
    "channel_online": "online", "channel_phone": "telefonisch", "channel_walk_in": "in de salon",
    "reached": "Heb je de klant bereikt?", "reached_yes": "Ja, we spraken elkaar",
    "reached_no": "Geprobeerd, geen antwoord", "reached_not_tried": "Niet geprobeerd",
    "first_visit": "Het was hun eerste bezoek",
    "notes": "Notities", "notes_hint": "(wat een moderator moet weten; geen gezondheids- of andere gevoelige gegevens)",
    "send_report": "Melding versturen",
    "form_problems": "Controleer deze velden:",
    "field_category": "Wat er gebeurde", "field_subject": "Klant", "field_subject_email": "E-mail",
    "field_subject_phone": "Telefoon", "field_subject_name": "Naam", "field_booking_starts_at": "Tijd van de afspraak",
    "field_evidence_notes": "Notities",
    "report_received": "Melding ontvangen. Een moderator bekijkt hem; de uitkomst zie je hier.",
    "report_already": "Dit had je al gemeld: hier is die melding (er is niets nieuws opgeslagen).",
    "lookup_title": "Een klant opzoeken",
    "lookup_intro": "Voordat je een telefonische boeking aanneemt: hetzelfde antwoord dat je boekingspagina zou "
                    "krijgen.",
    "look_up": "Opzoeken",
    "verdict_allow": "aannemen", "verdict_challenge": "eerst bevestigen", "verdict_block": "niet aannemen",
    "verdict_allow_title": "Geen bekende problemen", "verdict_allow_text": "Neem de boeking gewoon aan.",
    "verdict_challenge_title": "Bevestig voordat je aanneemt", "verdict_block_title": "Neem deze boeking niet aan",
    "action_none": "Deze klant staat op de blocklist. Neem de boeking niet aan; de klant kan bezwaar maken.",
    "action_require_confirmation": "Bel of schrijf de klant om de boeking te bevestigen voordat je de plek vasthoudt.",
    "action_require_deposit": "Vraag een aanbetaling voordat je de plek vasthoudt.",
    "why": "Waarom",
    "why_email_blocked": "Dit e-mailadres staat op de blocklist.",
    "why_phone_blocked": "Dit telefoonnummer staat op de blocklist.",
    "why_email_challenged": "Dit e-mailadres staat op de lijst voor een bevestiging.",
    "why_phone_challenged": "Dit telefoonnummer staat op de lijst voor een bevestiging.",
    "why_email_similar_to_blocked": "Het e-mailadres lijkt sterk op een adres op de blocklist.",
    "why_phone_similar_to_blocked": "Het telefoonnummer lijkt op een nummer op de blocklist.",
    "why_name_similar_to_blocked": "De naam lijkt op die van iemand op de lijst, en een deel van de contactgegevens "
                                   "klopt.",
    "why_name_only_similar_to_blocked": "Alleen de naam lijkt op die van iemand op de lijst: het kan een ander zijn.",
    "why_reported_by_multiple_salons": "Meerdere salons meldden deze klant onlangs (nog niet beoordeeld).",
    "why_repeated_no_shows": "Deze klant kwam meerdere keren niet opdagen.",
    "why_disposable_email": "Het e-mailadres is een wegwerpadres.",
    "why_invalid_phone": "Het telefoonnummer is geen geldig nummer.",
    "why_blocked_by_this_salon": "De melding van je salon zette deze klant op de lijst.",
    "why_listing_disputed": "De persoon maakt bezwaar tegen de vermelding: bevestig liever dan te weigeren.",
    "why_identity_misuse_reported": "De eigenaar zegt dat iemand anders dit e-mailadres of nummer gebruikte: "
                                    "bevestig met hen.",
    "why_shared_identifier": "Meerdere mensen gebruiken dit e-mailadres of nummer; no-shows ermee tellen minder.",
    "why_warned": "Een moderator heeft deze klant gewaarschuwd.",
    "why_typo_name_differs": "Het e-mailadres scheelt één letter met een adres op de lijst, maar de naam verschilt.",
    "lookup_then": "Vertel ons na de afspraak of de klant kwam:",
    "booking_attended": "Kwam", "booking_no_show": "Kwam niet", "booking_late_cancellation": "Te laat geannuleerd",
    "booking_cancelled_in_time": "Op tijd geannuleerd",
    "save": "Opslaan", "outcome_saved": "Opgeslagen. Dank je: zo blijft de lijst eerlijk.",
    "outcomes_title": "Kwamen ze?",
    "outcomes_intro": "Klanten die je de afgelopen 30 dagen opzocht en waarover de dienst iets wist. Zeg hoe elke "
                      "afspraak ging: een no-show telt als een melding, en wie kwam verdient zijn goede naam terug.",
    "looked_up": "Opgezocht", "answer": "Antwoord", "no_lookups": "Geen opzoekingen om te beantwoorden.",
    "outcome_by_reference": "Een boeking via je boekingspagina",
    "reference_hint": "(lkp_…, bij elk antwoord ‘bevestigen’ of ‘weigeren’)",
    "reports_title": "Mijn meldingen", "status": "Status", "status_any": "alle", "status_pending": "wacht",
    "status_confirmed": "besloten", "status_dismissed": "afgewezen", "status_withdrawn": "ingetrokken",
    "search": "Naam, e-mail, telefoon of referentie", "show": "Tonen",
    "searched": "Je {count} nieuwste meldingen doorzocht.", "sent": "Verstuurd", "outcome": "Uitkomst",
    "new": "nieuw", "no_reports": "Geen meldingen.", "next_page": "Volgende pagina →",
    "outcome_pending": "Wacht op een moderator", "outcome_withdrawn": "Door jou ingetrokken",
    "outcome_dismissed": "Afgewezen", "outcome_lifted": "Stond op de lijst; opgeheven op {date}",
    "outcome_blocked_until": "Geblokkeerd tot {date}", "outcome_blocked": "Geblokkeerd tot opheffing",
    "outcome_challenged_until": "Bevestiging gevraagd tot {date}", "outcome_challenged": "Bevestiging gevraagd",
    "outcome_warned": "Gewaarschuwd: de klant is ingelicht, niet vermeld",
    "reason_insufficient_evidence": "onvoldoende bewijs", "reason_not_the_same_person": "niet dezelfde persoon",
    "reason_outside_policy": "buiten waar de blocklist voor is", "reason_duplicate": "een dubbele melding",
    "reason_none": "geen reden gegeven",
    "listed": "vermeld", "kind_email": "e-mail", "kind_phone": "telefoon", "scope_salon": "alleen voor je salon",
    "scope_global": "voor alle salons",
    "report": "Melding", "report_id": "Meldingsnummer", "back_to_reports": "Terug naar mijn meldingen",
    "withdraw_intro": "Kwam de klant toch, of meldde je de verkeerde persoon? Trek de melding in.",
    "withdraw": "Melding intrekken", "withdrawn": "De melding is ingetrokken.",
    "integration_title": "Je boekingspagina",
    "integration_intro": "De controle draait op je eigen boekingspagina met een publieke sleutel; de server van je "
                         "boekingssoftware kan een geheime sleutel gebruiken.",
    "snippet": "De code voor je boekingspagina",
    "snippet_intro": "Plak dit vóór </body> op de pagina met je boekingsformulier; data-form noemt het formulier.",
    "snippet_key_hint": "Zet een publieke sleutel (bl_pk_…) in data-key: maak er hieronder een. Hij wordt één keer "
                        "getoond.",
    "check_page": "Controleer mijn pagina", "booking_page_url": "Adres van je boekingspagina", "check": "Controleren",
    "check_ok": "OK", "check_bad": "Probleem", "check_reachable": "Pagina", "check_origin": "Toegestaan adres",
    "check_script": "Script", "check_key": "Sleutel", "check_no_secret_key": "Geheime sleutel",
    "origins": "Toegestane adressen",
    "origins_label": "Adressen van je boekingspagina's, één per regel (https://jouw-salon.nl)",
    "origins_saved": "Opgeslagen: de controle op je boekingspagina's werkt binnen enkele seconden vanaf deze adressen.",
    "keys": "Sleutels", "key": "Sleutel", "key_kind": "Soort", "created": "Gemaakt", "revoked": "ingetrokken",
    "revoke": "Intrekken", "new_key": "Nieuwe sleutel", "create": "Maken",
    "key_publishable": "publiek (boekingspagina)", "key_secret": "geheim (server van je software)",
    "key_created": "Nieuwe sleutel", "key_revoked": "Sleutel ingetrokken: hij wordt vanaf nu geweigerd.",
    "publishable_key_intro": "Deze sleutel gaat in je boekingspagina (iedereen mag hem zien).",
    "secret_key_intro": "Deze sleutel is alleen voor de server van je boekingssoftware: zet hem nooit in een webpagina.",
    "people_title": "Mensen in je salon", "role": "Rol", "state": "Status",
    "role_owner": "eigenaar", "role_staff": "medewerker",
    "roles_hint": "Medewerkers melden, zoeken op en beantwoorden boekingen. Eigenaren beheren ook de boekingspagina, "
                  "sleutels en mensen.",
    "state_active": "actief", "state_invited": "uitgenodigd", "state_no_mfa": "nog geen inloggen in twee stappen",
    "state_stopped": "toegang gestopt",
    "invite_again": "Nieuwe uitnodigingslink", "reset_second_factor": "Tweede factor verwijderen",
    "stop_access": "Toegang stoppen", "restore_access": "Toegang herstellen",
    "invite_someone": "Iemand uitnodigen", "invite": "Uitnodigen",
    "invited": "{email} is uitgenodigd", "invite_link": "Uitnodigingslink (7 dagen geldig)",
    "invite_mailed": "We hebben deze link gemaild. Je kunt hem ook zelf geven.",
    "invite_give": "Geef deze link zelf door (vanaf hier wordt geen e-mail verstuurd).",
    "access_stopped": "Toegang gestopt: ze zijn uitgelogd.", "access_restored": "Toegang hersteld.",
    "second_factor_reset": "Tweede factor verwijderd: bij de volgende login stellen ze een nieuwe in.",
    "not_yourself": "Niet voor je eigen account",
    "webhooks": "Webhooks",
    "webhooks_intro": "Je software kan bericht krijgen als de uitkomst van een melding verandert (report.updated, ondertekend): geef het https-adres.",
    "webhook_url": "Adres (https://…)",
    "webhook_add": "Toevoegen",
    "webhook_secret": "Ondertekeningsgeheim",
    "webhook_secret_intro": "Je software controleert de Blocklist-Signature van elk bericht met dit geheim.",
    "webhook_added": "Webhook toegevoegd",
    "webhook_deleted": "Webhook verwijderd: er wordt niets meer naartoe gestuurd.",
    "webhook_test": "Test versturen",
    "webhook_test_sent": "Een testgebeurtenis is onderweg; de aflevering staat binnen een minuut hieronder.",
    "delete": "Verwijderen",
    "no_deliveries": "Nog niets verstuurd.",
    "webhook_stopped": "gestopt",
    "platform_webhook": "van je boekingsplatform",
    "invite_mail_subject": "Blocklist: je toegang voor {salon}",
    "invite_mail_body": "Je bent uitgenodigd voor het Blocklist-salonportaal van {salon}.\n\nKies hier binnen {days} dagen je wachtwoord:\n{link}\n\nIn het portaal meld je klanten die nep boekten of niet kwamen, zoek je klanten op voordat je een boeking aanneemt en zie je wat er van je meldingen werd.\n",
    "guard": {
        "not_found": "Die pagina bestaat niet.", "failed": "Dat lukte niet.", "forbidden": "Niet toegestaan",
        "no_policy": "Deze pagina geeft geen toegangsregel op.",
        "cross_site": "Formulieren vanaf andere sites worden geweigerd.",
        "unavailable_title": "Niet beschikbaar",
        "unavailable": "Het portaal kan je login nu niet controleren. Probeer het zo opnieuw.",
        "elevated_only": "Deze pagina is voor de eigenaren van je salon.",
        "csrf": "Het formulier miste zijn beveiligingstoken (of het is verlopen). Herlaad de pagina en probeer het "
                "opnieuw.",
        "not_possible": "Niet mogelijk",
    },
}
