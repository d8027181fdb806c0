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

PORTAL = {
    "portal": "Salonportal", "skip": "Zum Inhalt", "sections": "Bereiche", "language": "Sprache",
    "log_in": "Anmelden", "log_out": "Abmelden", "logged_out": "Sie sind abgemeldet.",
    "login_title": "Blocklist für Salons",
    "login_hint": "Die Inhaberin oder der Inhaber Ihres Salons lädt Sie ein (Inhaber: das Blocklist-Team). Die "
                  "Einladung enthält einen Link, unter dem Sie Ihr Passwort wählen.",
    "login_wrong": "E-Mail, Passwort oder Code falsch.",
    "login_too_many": "Zu viele Fehlversuche. Warten Sie einige Minuten und versuchen Sie es erneut.",
    "email": "E-Mail", "password": "Passwort", "code": "Code aus Ihrer Authenticator-App",
    "code_hint": "(sobald die Zwei-Faktor-Anmeldung an ist; oder ein Wiederherstellungscode)",
    "invite_title": "Passwort wählen",
    "invite_intro": "Sie sind zum Blocklist-Portal von {salon} eingeladen, als {email}.",
    "invite_gone_title": "Dieser Einladungslink funktioniert nicht",
    "invite_gone": "Er wurde schon benutzt oder ist älter als 7 Tage. Bitten Sie die einladende Person um einen "
                   "neuen.",
    "new_password": "Neues Passwort", "password_rule": "(mindestens 12 Zeichen; kein verbreitetes Passwort)",
    "password_again": "Dasselbe Passwort noch einmal", "set_password": "Passwort festlegen",
    "passwords_differ": "Die beiden Passwörter sind nicht gleich.", "password_refused": "Wählen Sie ein anderes Passwort",
    "welcome": "Ihr Passwort ist gesetzt. Noch ein Schritt: Schalten Sie die Zwei-Faktor-Anmeldung ein.",
    "mfa_title": "Zwei-Faktor-Anmeldung",
    "mfa_enabled": "Bei der Anmeldung wird ein Code aus Ihrer Authenticator-App verlangt. Telefon verloren? Melden "
                   "Sie sich mit einem Wiederherstellungscode an (noch {left}) oder bitten Sie die Salonleitung, den "
                   "zweiten Faktor zu entfernen.",
    "make_new_codes": "Neue Wiederherstellungscodes erzeugen",
    "mfa_add": "Fügen Sie dieses Konto einer Authenticator-App hinzu (jede TOTP-App: 6 Ziffern, 30 Sekunden) und "
               "geben Sie den angezeigten Code ein.",
    "mfa_key": "Schlüssel für die App", "mfa_link": "oder, für Apps, die einen Link nehmen:",
    "mfa_code": "Code aus der App", "mfa_switch_on": "Einschalten",
    "mfa_required": "Das Portal verlangt vor allem anderen einen zweiten Faktor: bei jeder Anmeldung einen Code aus "
                    "einer Authenticator-App auf Ihrem Telefon.",
    "mfa_optional": "Schützen Sie Ihre Anmeldung mit einem Code aus einer Authenticator-App auf Ihrem Telefon.",
    "mfa_set_up": "Zwei-Faktor-Anmeldung einrichten",
    "mfa_wrong": "Der Code passt nicht. Prüfen Sie die Uhr des Telefons und versuchen Sie den nächsten Code.",
    "mfa_on": "Die Zwei-Faktor-Anmeldung ist an: Ihre Wiederherstellungscodes",
    "new_codes": "Neue Wiederherstellungscodes (die bisherigen gelten nicht mehr)",
    "codes_intro": "Jeder Wiederherstellungscode meldet Sie einmal statt eines App-Codes an, für den Tag, an dem das "
                   "Telefon verloren ist. Bewahren Sie sie sicher und getrennt vom Telefon auf.",
    "recovery_code": "Wiederherstellungscode",
    "shown_once": "Kopieren Sie das jetzt: Es wird nur einmal angezeigt.", "continue": "Weiter",
    "back_to_portal": "Zurück zum Portal",
    "nav_home": "Übersicht", "nav_report": "Kundin melden", "nav_lookup": "Prüfen", "nav_reports": "Meine Meldungen",
    "nav_outcomes": "Erschienen?", "nav_integration": "Buchungsseite", "nav_people": "Personen",
    "tile_report": "Jemand hat zum Schein gebucht, ist nicht erschienen oder hat zu spät abgesagt.",
    "tile_lookup": "Prüfen Sie eine Kundin, bevor Sie eine telefonische Buchung annehmen.",
    "tile_reports": "Was aus Ihren Meldungen wurde.",
    "since_last_visit": "Geändert seit Ihrem letzten Besuch", "nothing_changed": "Nichts Neues zu Ihren Meldungen.",
    "see_all_reports": "Alle Ihre Meldungen",
    "waiting_outcomes": "Sind diese Kundinnen erschienen?",
    "waiting_outcomes_intro": "Sie haben diese Kundinnen geprüft, und wir haben um eine Bestätigung gebeten. Sagen "
                              "Sie uns, wie der Termin verlief: Das hält die Liste fair.",
    "nothing_waiting": "Keine Buchung wartet auf eine Antwort.",
    "report_title": "Eine Kundin melden",
    "report_intro": "Eine Moderatorin liest jede Meldung, bevor jemand gelistet wird. Geben Sie an, was Sie wissen: "
                    "Je mehr von Name, E-Mail und Telefon, desto besser erkennen wir die Person.",
    "what_happened": "Was passiert ist", "customer": "Kundin", "name": "Name", "phone": "Telefon",
    "phone_country": "Land der Telefonnummer",
    "phone_country_hint": "Für eine Nummer ohne Ländervorwahl (+…).",
    "category_no_show": "Nicht erschienen", "category_no_show_hint": "(No-Show)",
    "category_late_cancellation": "Zu spät abgesagt", "category_late_cancellation_hint": "(zu spät, um den Termin neu zu vergeben)",
    "category_fake_booking": "Scheinbuchung", "category_fake_booking_hint": "(erfunden oder um Termine zu blockieren)",
    "category_abusive": "Übergriffig", "category_abusive_hint": "(Drohungen oder Beleidigungen gegen das Personal)",
    "booking": "Buchung", "starts_at": "Terminzeit", "zone_hint": "(Zeit Ihres Salons: {zone})",
    "service": "Leistung", "reference": "Referenz", "channel": "Gebucht", "channel_unknown": "—",
    "channel_online": "online", "channel_phone": "telefonisch", "channel_walk_in": "vor Ort",
    "reached": "Haben Sie die Kundin erreicht?", "reached_yes": "Ja, wir haben gesprochen",
    "reached_no": "Versucht, keine Antwort", "reached_not_tried": "Nicht versucht",
    "first_visit": "Es war ihr erster Besuch",
    "notes": "Notizen", "notes_hint": "(was die Moderation wissen sollte; keine Gesundheits- oder anderen sensiblen "
                                      "Angaben)",
    "send_report": "Meldung senden",
    "form_problems": "Bitte prüfen Sie diese Felder:",
    "field_category": "Was passiert ist", "field_subject": "Kundin", "field_subject_email": "E-Mail",
    "field_subject_phone": "Telefon", "field_subject_name": "Name", "field_booking_starts_at": "Terminzeit",
    "field_evidence_notes": "Notizen",
    "report_received": "Meldung erhalten. Die Moderation prüft sie; das Ergebnis sehen Sie hier.",
    "report_already": "Das haben Sie schon gemeldet: Hier ist diese Meldung (nichts Neues gespeichert).",
    "lookup_title": "Eine Kundin prüfen",
    "lookup_intro": "Bevor Sie eine telefonische Buchung annehmen: dieselbe Antwort, die Ihre Buchungsseite bekäme.",
    "look_up": "Prüfen",
    "verdict_allow": "annehmen", "verdict_challenge": "erst bestätigen", "verdict_block": "nicht annehmen",
    "verdict_allow_title": "Keine bekannten Probleme", "verdict_allow_text": "Nehmen Sie die Buchung wie gewohnt an.",
    "verdict_challenge_title": "Vor dem Annehmen bestätigen", "verdict_block_title": "Diese Buchung nicht annehmen",
    "action_none": "Diese Kundin steht auf der Blocklist. Nehmen Sie die Buchung nicht an; sie kann den Eintrag "
                   "anfechten.",
    "action_require_confirmation": "Rufen Sie die Kundin an oder schreiben Sie ihr, um die Buchung zu bestätigen, "
                                   "bevor Sie den Termin freihalten.",
    "action_require_deposit": "Verlangen Sie eine Anzahlung, bevor Sie den Termin freihalten.",
    "why": "Warum",
    "why_email_blocked": "Diese E-Mail-Adresse steht auf der Blocklist.",
    "why_phone_blocked": "Diese Telefonnummer steht auf der Blocklist.",
    "why_email_challenged": "Diese E-Mail-Adresse ist für eine Bestätigung gelistet.",
    "why_phone_challenged": "Diese Telefonnummer ist für eine Bestätigung gelistet.",
    "why_email_similar_to_blocked": "Die E-Mail-Adresse ähnelt stark einer auf der Blocklist.",
    "why_phone_similar_to_blocked": "Die Telefonnummer ähnelt einer auf der Blocklist.",
    "why_name_similar_to_blocked": "Der Name ähnelt dem einer gelisteten Person, und ein Teil der Kontaktdaten "
                                   "stimmt überein.",
    "why_name_only_similar_to_blocked": "Nur der Name ähnelt dem einer gelisteten Person: Es kann jemand anderes "
                                        "sein.",
    "why_reported_by_multiple_salons": "Mehrere Salons haben diese Kundin kürzlich gemeldet (noch nicht geprüft).",
    "why_repeated_no_shows": "Diese Kundin ist mehrmals nicht erschienen.",
    "why_disposable_email": "Die E-Mail-Adresse ist eine Wegwerfadresse.",
    "why_invalid_phone": "Die Telefonnummer ist keine gültige Nummer.",
    "why_blocked_by_this_salon": "Die Meldung Ihres Salons hat diese Kundin auf die Liste gebracht.",
    "why_listing_disputed": "Die Person ficht den Eintrag an: Bestätigen Sie mit ihr, statt abzulehnen.",
    "why_identity_misuse_reported": "Die Inhaberin sagt, jemand anderes habe diese E-Mail oder Nummer benutzt: "
                                    "Bestätigen Sie mit ihr.",
    "why_shared_identifier": "Mehrere Personen nutzen diese E-Mail oder Nummer; damit gemeldete No-Shows zählen "
                             "weniger.",
    "why_warned": "Eine Moderatorin hat diese Kundin verwarnt.",
    "why_typo_name_differs": "Die E-Mail-Adresse weicht um einen Buchstaben von einer gelisteten ab, aber der Name "
                             "ist ein anderer.",
    "lookup_then": "Sagen Sie uns nach dem Termin, ob die Kundin erschienen ist:",
    "booking_attended": "Erschienen", "booking_no_show": "Nicht erschienen", "booking_late_cancellation": "Zu spät abgesagt",
    "booking_cancelled_in_time": "Rechtzeitig abgesagt",
    "save": "Speichern", "outcome_saved": "Gespeichert. Danke: Das hält die Liste fair.",
    "outcomes_title": "Erschienen?",
    "outcomes_intro": "Kundinnen, die Sie in den letzten 30 Tagen geprüft haben und über die der Dienst etwas "
                      "wusste. Sagen Sie, wie jeder Termin verlief: Ein No-Show zählt wie eine Meldung, und wer "
                      "erscheint, gewinnt seinen guten Ruf zurück.",
    "looked_up": "Geprüft", "answer": "Antwort", "no_lookups": "Keine Prüfungen zu beantworten.",
    "outcome_by_reference": "Eine Buchung über Ihre Buchungsseite",
    "reference_hint": "(lkp_…, steht bei jeder Antwort „bestätigen“ oder „ablehnen“)",
    "reports_title": "Meine Meldungen", "status": "Status", "status_any": "alle", "status_pending": "wartet",
    "status_confirmed": "entschieden", "status_dismissed": "abgewiesen", "status_withdrawn": "zurückgezogen",
    "search": "Name, E-Mail, Telefon oder Referenz", "show": "Anzeigen",
    "searched": "Ihre {count} neuesten Meldungen durchsucht.", "sent": "Gesendet", "outcome": "Ergebnis",
    "new": "neu", "no_reports": "Keine Meldungen.", "next_page": "Nächste Seite →",
    "outcome_pending": "Wartet auf die Moderation", "outcome_withdrawn": "Von Ihnen zurückgezogen",
    "outcome_dismissed": "Abgewiesen", "outcome_lifted": "War gelistet; aufgehoben am {date}",
    "outcome_blocked_until": "Gesperrt bis {date}", "outcome_blocked": "Gesperrt bis zur Aufhebung",
    "outcome_challenged_until": "Bestätigung verlangt bis {date}", "outcome_challenged": "Bestätigung verlangt",
    "outcome_warned": "Verwarnt: Die Kundin wurde informiert, nicht gelistet",
    "reason_insufficient_evidence": "unzureichende Belege", "reason_not_the_same_person": "nicht dieselbe Person",
    "reason_outside_policy": "außerhalb dessen, wofür die Blocklist da ist", "reason_duplicate": "ein Duplikat",
    "reason_none": "kein Grund angegeben",
    "listed": "gelistet", "kind_email": "E-Mail", "kind_phone": "Telefon", "scope_salon": "nur für Ihren Salon",
    "scope_global": "für alle Salons",
    "report": "Meldung", "report_id": "Meldungsnummer", "back_to_reports": "Zurück zu meinen Meldungen",
    "withdraw_intro": "Die Kundin kam doch, oder Sie haben die falsche Person gemeldet? Ziehen Sie die Meldung zurück.",
    "withdraw": "Meldung zurückziehen", "withdrawn": "Die Meldung ist zurückgezogen.",
    "integration_title": "Ihre Buchungsseite",
    "integration_intro": "Die Prüfung läuft auf Ihrer eigenen Buchungsseite mit einem öffentlichen Schlüssel; der "
                         "Server Ihrer Buchungssoftware kann einen geheimen Schlüssel verwenden.",
    "snippet": "Der Code für Ihre Buchungsseite",
    "snippet_intro": "Fügen Sie ihn vor </body> auf der Seite mit Ihrem Buchungsformular ein; data-form nennt das "
                     "Formular.",
    "snippet_key_hint": "Setzen Sie einen öffentlichen Schlüssel (bl_pk_…) in data-key: Erzeugen Sie unten einen. Er "
                        "wird einmal angezeigt.",
    "check_page": "Meine Seite prüfen", "booking_page_url": "Adresse Ihrer Buchungsseite", "check": "Prüfen",
    "check_ok": "OK", "check_bad": "Problem", "check_reachable": "Seite", "check_origin": "Erlaubte Adresse",
    "check_script": "Skript", "check_key": "Schlüssel", "check_no_secret_key": "Geheimer Schlüssel",
    "origins": "Erlaubte Adressen",
    "origins_label": "Adressen Ihrer Buchungsseiten, eine pro Zeile (https://ihr-salon.de)",
    "origins_saved": "Gespeichert: Die Prüfung auf Ihren Buchungsseiten funktioniert in wenigen Sekunden von diesen "
                     "Adressen aus.",
    "keys": "Schlüssel", "key": "Schlüssel", "key_kind": "Art", "created": "Erstellt", "revoked": "widerrufen",
    "revoke": "Widerrufen", "new_key": "Neuer Schlüssel", "create": "Erzeugen",
    "key_publishable": "öffentlich (Buchungsseite)", "key_secret": "geheim (Server Ihrer Software)",
    "key_created": "Neuer Schlüssel", "key_revoked": "Schlüssel widerrufen: Er wird ab jetzt abgelehnt.",
    "publishable_key_intro": "Dieser Schlüssel gehört in Ihre Buchungsseite (jeder darf ihn sehen).",
    "secret_key_intro": "Dieser Schlüssel ist nur für den Server Ihrer Buchungssoftware: Setzen Sie ihn nie in eine "
                        "Webseite.",
    "people_title": "Personen in Ihrem Salon", "role": "Rolle", "state": "Stand",
    "role_owner": "Inhaber", "role_staff": "Team",
    "roles_hint": "Das Team meldet, prüft und beantwortet Buchungen. Inhaber verwalten außerdem Buchungsseite, "
                  "Schlüssel und Personen.",
    "state_active": "aktiv", "state_invited": "eingeladen", "state_no_mfa": "noch ohne Zwei-Faktor-Anmeldung",
    "state_stopped": "Zugang gesperrt",
    "invite_again": "Neuer Einladungslink", "reset_second_factor": "Zweiten Faktor entfernen",
    "stop_access": "Zugang sperren", "restore_access": "Zugang wiederherstellen",
    "invite_someone": "Jemanden einladen", "invite": "Einladen",
    "invited": "{email} ist eingeladen", "invite_link": "Einladungslink (7 Tage gültig)",
    "invite_mailed": "Wir haben diesen Link per E-Mail geschickt. Sie können ihn auch selbst weitergeben.",
    "invite_give": "Geben Sie diesen Link selbst weiter (von hier wird keine E-Mail gesendet).",
    "access_stopped": "Zugang gesperrt: Die Person ist abgemeldet.", "access_restored": "Zugang wiederhergestellt.",
    "second_factor_reset": "Zweiter Faktor entfernt: Bei der nächsten Anmeldung richtet die Person einen neuen ein.",
    "not_yourself": "Nicht für Ihr eigenes Konto",
    "webhooks": "Webhooks",
    "webhooks_intro": "Ihre Software kann benachrichtigt werden, wenn sich das Ergebnis einer Meldung ändert (report.updated, signiert): Geben Sie ihre https-Adresse an.",
    "webhook_url": "Adresse (https://…)",
    "webhook_add": "Hinzufügen",
    "webhook_secret": "Signaturgeheimnis",
    "webhook_secret_intro": "Ihre Software prüft die Blocklist-Signature jeder Nachricht mit diesem Geheimnis.",
    "webhook_added": "Webhook hinzugefügt",
    "webhook_deleted": "Webhook gelöscht: Dorthin wird nichts mehr gesendet.",
    "webhook_test": "Test senden",
    "webhook_test_sent": "Ein Testereignis ist unterwegs; seine Zustellung erscheint binnen einer Minute unten.",
    "delete": "Löschen",
    "no_deliveries": "Noch nichts gesendet.",
    "webhook_stopped": "gestoppt",
    "platform_webhook": "Ihrer Buchungsplattform",
    "invite_mail_subject": "Blocklist: Ihr Zugang für {salon}",
    "invite_mail_body": "Sie sind zum Blocklist-Salonportal von {salon} eingeladen.\n\nWählen Sie hier innerhalb von {days} Tagen Ihr Passwort:\n{link}\n\nIm Portal melden Sie Kundinnen, die zum Schein gebucht haben oder nicht erschienen sind, prüfen Kundinnen vor dem Annehmen einer Buchung und sehen, was aus Ihren Meldungen wurde.\n",
    "guard": {
        "not_found": "Diese Seite gibt es nicht.", "failed": "Das hat nicht geklappt.", "forbidden": "Nicht erlaubt",
        "no_policy": "Diese Seite gibt keine Zugriffsregel an.",
        "cross_site": "Formulare von anderen Websites werden abgelehnt.",
        "unavailable_title": "Nicht verfügbar",
        "unavailable": "Das Portal kann Ihre Anmeldung gerade nicht prüfen. Versuchen Sie es gleich noch einmal.",
        "elevated_only": "Diese Seite ist für die Inhaber Ihres Salons.",
        "csrf": "Dem Formular fehlte sein Sicherheitstoken (oder es ist abgelaufen). Laden Sie die Seite neu und "
                "versuchen Sie es erneut.",
        "not_possible": "Nicht möglich",
    },
}
