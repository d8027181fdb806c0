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
