"""Deutsch: every text a person reads in this language (the transparency page, the booking
widget, the Art. 14 notice). Adding a language is adding one file like this and naming it in
blocklist/locales/__init__.py."""

NAME = "Deutsch"
# the country a phone typed without its country code is most likely from, for people reading this
# language (None where the language spans many countries)
PHONE_COUNTRY = "DE"
RIGHT_TO_LEFT = False

TRANSPARENCY = {
    "title": "Wie Blocklist funktioniert",
    "intro": ("Blocklist hilft Kosmetik- und Friseursalons, ihre Terminbücher vor absichtlich falschen Buchungen und "
              "wiederholtem Nichterscheinen zu schützen. Salons melden Kundinnen und Kunden; eine Meldung allein "
              "bringt niemanden auf die Liste."),
    "criteria_h": "Wer gelistet werden kann",
    "criteria": ("Nur eine Person, deren Buchungsverhalten ein Salon gemeldet hat (falsche Buchungen, wiederholtes "
                 "Nichterscheinen, kurzfristige Absagen, beleidigendes Verhalten) und deren Fall eine Moderatorin "
                 "oder ein Moderator geprüft hat. Ein Name allein führt nie zu einer Sperre; gelistet werden "
                 "E-Mail-Adressen oder Telefonnummern."),
    "decisions_h": "Wie entschieden wird",
    "decisions": 'Über jede Sperre entscheidet ein Mensch, ein Moderator, nachdem er die Meldungen aller Salons gelesen hat. Ungeprüfte Meldungen können einen Salon bitten, eine Buchung bestätigen zu lassen oder eine Anzahlung zu verlangen, nie, sie abzulehnen. Wird ein Eintrag angefochten und bestätigt die Person mit einem Code, dass die E-Mail-Adresse oder Telefonnummer ihr gehört, wird er sofort eingeschränkt: Bis zur Entscheidung kann er höchstens eine Bestätigung verlangen.',
    "standing_h": 'Den guten Ruf zurückgewinnen',
    "standing": 'Ein Eintrag endet, wenn ein Moderator ihn aufhebt oder seine Frist abläuft. Ab dann verlangen die nicht wahrgenommenen Termine, auf denen er beruhte, keine Anzahlung mehr; es zählen nur danach gemeldete. Und sobald ein Salon uns mitteilt, dass Sie zu einem Termin gekommen sind, zählt kein früherer nicht wahrgenommener Termin mehr.',
    "retention_h": "Wie lange Daten gespeichert werden",
    "retention": ("Ein Eintrag gilt {default} Monate, sofern die Moderation nicht weniger wählt, und nie länger als "
                  "{maximum} Monate. Ungeprüfte Meldungen werden nach {pending} Tagen gelöscht. Abgelehnte und "
                  "zurückgezogene Meldungen verlieren ihre personenbezogenen Daten nach {closed} Tagen. Protokolle "
                  "von Abfragen werden 30 Tage aufbewahrt. E-Mail-Adressen und Telefonnummern werden als "
                  "Schlüssel-Hashes und verschlüsselt gespeichert."),
    "rights_h": "Ihre Rechte",
    "rights": ("Sie können erfragen, welche Daten wir über Sie haben, sie berichtigen oder löschen lassen und einen "
               "Eintrag anfechten. Nutzen Sie das Formular unten mit der E-Mail-Adresse oder Telefonnummer der "
               "Buchung; wir antworten innerhalb eines Monats."),
    "form_h": "Einen Eintrag anfechten",
    "name": "Ihr Name",
    "email": "E-Mail",
    "phone": "Telefon",
    "message": "Was ist passiert?",
    "send": "Senden",
    "sent": "Danke. Wir haben Ihre Anfrage erhalten ({id}); eine Moderatorin oder ein Moderator prüft sie.",
    "need_contact": "Geben Sie die E-Mail-Adresse oder Telefonnummer an, die bei der Buchung verwendet wurde.",
    "need_message": "Geben Sie Ihren Namen an und beschreiben Sie, was passiert ist.",
    "country": "Land der Telefonnummer",
    "country_none": "— (ich habe die Ländervorwahl eingegeben)",
    "phone_unreadable": ("Wir können diese Telefonnummer nicht lesen. Wählen Sie das Land oder schreiben Sie sie "
                         "mit Ländervorwahl (z. B. +49 151 23456789)."),
    "email_unreadable": "Wir können diese E-Mail-Adresse nicht lesen. Prüfen Sie sie und senden Sie das Formular erneut.",
    "stopped": ("Die Buchungsseite eines Salons hat Ihre Angaben geprüft und die Buchung nicht online "
                "angenommen (Referenz {ref}). Unten steht, warum das geschehen kann und wie Sie "
                "widersprechen. Das Formular enthält die Referenz schon."),
    "operator": "Blocklist wird von {controller} betrieben, verantwortlich für Ihre Daten. Kontakt: {contact}.",
    "never_booked": 'Ich habe diese Buchung nie gemacht: Jemand anderes hat meine E-Mail-Adresse oder Telefonnummer benutzt',
    "appeal_h": 'Ihr Einspruch',
    "status_awaiting_verification": 'Wir warten darauf, dass Sie bestätigen, dass die E-Mail-Adresse oder Telefonnummer Ihnen gehört.',
    "status_received": 'Bestätigt. Ein Moderator prüft ihn; die Antwort kommt per E-Mail und auf dieser Seite.',
    "status_lifted": 'Entschieden: Der Eintrag wurde aufgehoben. Buchungen mit diesen Angaben werden nicht mehr angehalten.',
    "status_upheld": 'Entschieden: Der Eintrag bleibt bestehen.',
    "verify_email": 'Wir haben einen 6-stelligen Code an die angegebene E-Mail-Adresse geschickt. Geben Sie ihn hier ein, um zu bestätigen, dass die Adresse Ihnen gehört. Bis dahin ändert sich nichts.',
    "verify_phone": 'Wir haben einen 6-stelligen Code per SMS an die angegebene Telefonnummer geschickt. Geben Sie ihn hier ein, um zu bestätigen, dass die Nummer Ihnen gehört. Bis dahin ändert sich nichts.',
    "verify_none": 'Wir können Ihnen hier keinen Code schicken und daher nicht bestätigen, dass diese Angaben Ihnen gehören. Ein Moderator liest Ihren Einspruch trotzdem, doch der Eintrag bleibt, wie er ist, bis er entscheidet.',
    "code": 'Code',
    "verify": 'Bestätigen',
    "code_wrong": 'Dieser Code stimmt nicht. Prüfen Sie ihn und versuchen Sie es erneut.',
    "code_locked": 'Zu viele falsche Codes: Dieser Einspruch ist gesperrt. Senden Sie bei Bedarf einen neuen Einspruch.',
    "code_expired": 'Dieser Code ist abgelaufen. Fordern Sie unten einen neuen an.',
    "resend": 'Neuen Code senden',
    "resent": 'Ein neuer Code ist unterwegs.',
    "resend_refused": 'Jetzt kann kein neuer Code gesendet werden (vor weniger als einer Minute ging schon einer, oder es wurden bereits drei gesendet).',
    "verified": 'Danke, bestätigt. Solange ein Moderator Ihren Einspruch prüft, kann dieser Eintrag einen Salon höchstens bitten, Ihre Buchung zu bestätigen.',
    "moderator_note": 'Die Antwort des Moderators:',
    "follow_unknown": 'Dieser Einspruch lässt sich nur über den Link in der E-Mail anzeigen, die wir Ihnen geschickt haben, oder in dem Browser, mit dem Sie ihn gesendet haben.',
}

WIDGET = {
    "block": "Leider können wir diese Buchung nicht online annehmen. Bitte wenden Sie sich direkt an den Salon.",
    "require_deposit": ("Diese Buchung wird erst mit einer Anzahlung bestätigt. Der Salon sagt Ihnen, wie Sie sie "
                        "bezahlen."),
    "require_confirmation": "Der Salon meldet sich bei Ihnen, um diese Buchung zu bestätigen, bevor sie gilt.",
    "proceed": "Weiter",
    "help": "Warum? Was Sie tun können",
}

# the demo booking page (a salon's page protected by the widget)
DEMO = {
    "title": "Termin buchen",
    "tagline": "Haare · Nägel · Beauty — eine Demo-Buchungsseite, geschützt durch Blocklist",
    "appointment": "Ihr Termin",
    "service": "Leistung",
    "services": ["Maniküre", "Pediküre", "Haarschnitt", "Färben", "Augenbrauen und Wimpern"],
    "starts_at": "Datum und Uhrzeit",
    "about_you": "Über Sie",
    "name": "Vollständiger Name",
    "email": "E-Mail",
    "phone": "Telefon",
    "phone_country": "Ländervorwahl",
    "phone_country_local": "wie im Land des Salons",
    "book": "Jetzt buchen",
    "received": "Buchung erhalten",
    "thanks": "Danke,",
    "on": "am",
    "said": "Blocklist sagte:",
    "action": "Aktion",
    "note": ("Ein echtes Buchungssystem würde den Termin jetzt speichern und bei Anzahlung oder Bestätigung "
             "diesen Schritt gehen."),
}

# the Art. 14 notice (GDPR) to a person whose email is listed; one paragraph per item, never
# hard-wrapped (mail programs wrap to the reader's screen)
NOTICE = {
    "subject": "Sie wurden im Blocklist-Dienst für Salonbuchungen gelistet",
    "paragraphs": [
        "Guten Tag,",
        ("wir schreiben Ihnen nach Artikel 14 DSGVO, weil wir Daten über Sie verarbeiten, die wir nicht bei Ihnen "
         "selbst erhoben haben."),
        ("Wer wir sind und warum: {controller} betreibt Blocklist, einen Dienst, den Kosmetik- und Friseursalons "
         "gemeinsam nutzen, um sich vor falschen Buchungen und wiederholtem Nichterscheinen zu schützen. Wir "
         "verarbeiten Ihre Daten für dieses berechtigte Interesse (Art. 6 Abs. 1 lit. f DSGVO)."),
        "Welche Daten: {data}, und was Salons gemeldet haben: {reasons}.",
        ("Woher sie stammen: Salons, bei denen mit diesen Angaben gebucht wurde, haben sie gemeldet. Ein Mensch aus "
         "der Moderation hat die Meldungen geprüft und die Angaben gelistet; Salons, die den Dienst nutzen, können "
         "bei diesen Angaben eine Anzahlung oder Bestätigung verlangen oder eine Buchung ablehnen."),
        "Wie lange: der Eintrag endet spätestens am {until} und wird dann gelöscht.",
        ("Ihre Rechte: Sie können eine Kopie der Daten verlangen, die wir über Sie haben, sie berichtigen oder "
         "löschen lassen, ihre Verarbeitung einschränken lassen und widersprechen; Sie können sich auch bei einer "
         "Datenschutz-Aufsichtsbehörde beschweren. Um den Eintrag anzufechten (er wird sofort eingeschränkt, "
         "solange wir prüfen) oder diese Rechte zu nutzen: {url}"),
        "Diese Nachricht wurde einmal gesendet; Antworten werden nicht gelesen.",
    ],
    "email": "Ihre E-Mail-Adresse",
    "phone": "Ihre Telefonnummer",
    "name": "der bei der Buchung angegebene Name",
    "end_of_period": "Ende der Eintragsdauer",
    "unspecified": "wiederholte Probleme mit Buchungen",
    "fake_booking": "Buchungen ohne die Absicht zu erscheinen",
    "no_show": "Nichterscheinen zu gebuchten Terminen",
    "late_cancellation": "Absagen von Terminen in letzter Minute",
    "abusive": "beleidigendes Verhalten gegenüber dem Personal",
    "date": "%d.%m.%Y",
    "other_language": "Dieselbe Mitteilung auf Englisch (in English):",
    "warning_subject": "Eine Warnung des Blocklist-Dienstes für Salonbuchungen",
    "warning": ("Dies ist eine Warnung, keine Listung: deswegen wird keine Buchung abgelehnt. Melden Salons "
                "unter diesen Angaben weitere falsche Buchungen oder Nichterscheinen, führt das zu einer "
                "Anzahlungspflicht oder einer Sperre."),
    "warning_source": ("Woher sie stammen: Salons, bei denen mit diesen Angaben gebucht wurde, haben sie "
                       "gemeldet. Ein Mensch aus der Moderation hat die Meldungen geprüft und entschieden, "
                       "Sie zu warnen, statt die Angaben zu listen."),
    "warning_how_long": "Wie lange: die Warnung wird spätestens bis zum {until} aufbewahrt und dann gelöscht.",
}

APPEAL_MESSAGES = {'code_subject': 'Ihr Code zur Bestätigung Ihres Einspruchs bei Blocklist',
 'code_mail': ['Guten Tag,',
               'Sie haben einen Eintrag im Blocklist-Dienst von {controller} angefochten. Um zu bestätigen, dass '
               'diese E-Mail-Adresse Ihnen gehört, geben Sie diesen Code auf der Seite ein, von der Sie kommen: '
               '{code}',
               'Er ist {minutes} Minuten gültig. Sie können Ihren Einspruch auch hier verfolgen: {url}',
               'Wenn Sie keinen Einspruch gesendet haben, ignorieren Sie diese Nachricht: Ohne den Code ändert sich '
               'nichts.'],
 'code_text': 'Blocklist: Ihr Code ist {code} ({minutes} Min. gültig). Geben Sie ihn auf der Einspruchsseite ein. '
              'Kein Einspruch gesendet? Ignorieren.',
 'lifted_subject': 'Ihr Einspruch bei Blocklist: Der Eintrag wurde aufgehoben',
 'lifted_mail': ['Guten Tag,',
                 'ein Moderator hat Ihren Einspruch geprüft und den Eintrag aufgehoben. Buchungen mit diesen Angaben '
                 'werden von Blocklist nicht mehr angehalten.',
                 'Die Antwort des Moderators: {note}',
                 'Ihr Einspruch: {url}'],
 'lifted_text': 'Blocklist: Ihrem Einspruch wurde stattgegeben, der Eintrag ist aufgehoben. Details: {url}',
 'upheld_subject': 'Ihr Einspruch bei Blocklist: Der Eintrag bleibt bestehen',
 'upheld_mail': ['Guten Tag,',
                 'ein Moderator hat Ihren Einspruch geprüft und entschieden, dass der Eintrag bestehen bleibt.',
                 'Die Antwort des Moderators: {note}',
                 'Sie können sich bei einer Datenschutzaufsichtsbehörde beschweren oder {controller} erreichen über '
                 '{url}'],
 'upheld_text': 'Blocklist: Ihr Einspruch wurde geprüft, der Eintrag bleibt bestehen. Details: {url}'}
