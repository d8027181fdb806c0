"""Polski: every text a person reads in this language (the transparency page, the booking
widget, the Art. 14 notice). Adding a language is adding one file like this and naming it in
blocklist/locales/__init__.py."""

NAME = "Polski"
# the country a phone typed without its country code is most likely from, for people reading this
# language (None where the language spans many countries)
PHONE_COUNTRY = "PL"
RIGHT_TO_LEFT = False

TRANSPARENCY = {
    "title": "Jak działa Blocklist",
    "intro": ("Blocklist pomaga salonom kosmetycznym chronić terminarze przed celowo fałszywymi rezerwacjami i "
              "powtarzającymi się nieobecnościami. Salony zgłaszają klientów; samo zgłoszenie nikogo nie "
              "umieszcza na liście."),
    "criteria_h": "Kto może trafić na listę",
    "criteria": ("Tylko osoba, której zachowanie przy rezerwacjach zgłosił salon (fałszywe rezerwacje, "
                 "powtarzające się nieobecności, późne odwołania, niewłaściwe zachowanie) i której sprawę "
                 "sprawdził moderator. Samo imię i nazwisko nigdy nie prowadzi do blokady; wpis dotyczy adresu "
                 "e-mail lub numeru telefonu."),
    "decisions_h": "Jak zapadają decyzje",
    "decisions": 'O każdej blokadzie decyduje człowiek — moderator — po przeczytaniu zgłoszeń wszystkich salonów. Niezweryfikowane zgłoszenia mogą skłonić salon do potwierdzenia rezerwacji lub pobrania zaliczki, nigdy do odmowy. Gdy wpis zostanie zakwestionowany, a osoba potwierdzi kodem, że adres e-mail lub telefon należy do niej, wpis zostaje od razu ograniczony: do czasu rozstrzygnięcia może co najwyżej wymagać potwierdzenia.',
    "standing_h": 'Odzyskanie dobrej opinii',
    "standing": 'Wpis wygasa, gdy moderator go zdejmie lub gdy minie jego okres. Od tej chwili nieobecności, na podstawie których go dodano, nie wymagają już zaliczki; liczą się tylko nieobecności zgłoszone później. A gdy salon potwierdzi, że przyszłaś lub przyszedłeś na wizytę, żadna wcześniejsza nieobecność się nie liczy.',
    "retention_h": "Jak długo przechowujemy dane",
    "retention": ("Wpis obowiązuje {default} miesięcy, chyba że moderator wybierze krócej, i nigdy dłużej niż "
                  "{maximum} miesięcy. Niesprawdzone zgłoszenia usuwamy po {pending} dniach. Odrzucone i "
                  "wycofane zgłoszenia tracą dane osobowe po {closed} dniach. Zapisy sprawdzeń przechowujemy 30 "
                  "dni. Adresy e-mail i numery telefonów są zaszyfrowane."),
    "rights_h": "Twoje prawa",
    "rights": ("Możesz zapytać, jakie dane o Tobie mamy, zażądać ich sprostowania lub usunięcia oraz "
               "zakwestionować wpis. Skorzystaj z formularza poniżej, podając e-mail lub telefon użyty przy "
               "rezerwacji; odpowiadamy w ciągu miesiąca."),
    "form_h": "Zakwestionuj wpis",
    "name": "Imię i nazwisko",
    "email": "E-mail",
    "phone": "Telefon",
    "message": "Co się stało?",
    "send": "Wyślij",
    "sent": "Dziękujemy. Otrzymaliśmy Twoje zgłoszenie ({id}); moderator je rozpatrzy.",
    "need_contact": "Podaj e-mail lub numer telefonu użyty przy rezerwacji.",
    "need_message": "Podaj imię i nazwisko oraz opisz, co się stało.",
    "country": "Kraj numeru telefonu",
    "country_none": "— (wpisałem/-am numer kierunkowy kraju)",
    "phone_unreadable": ("Nie możemy odczytać tego numeru telefonu. Wybierz kraj albo wpisz numer z kierunkowym "
                         "(np. +48 601 234 567)."),
    "email_unreadable": "Nie możemy odczytać tego adresu e-mail. Sprawdź go i wyślij formularz ponownie.",
    "stopped": ("Strona rezerwacji salonu sprawdziła podane dane i nie przyjęła rezerwacji online (numer "
                "{ref}). Poniżej: dlaczego tak się dzieje i jak to zakwestionować. Formularz zawiera już ten "
                "numer."),
    "operator": "Blocklist prowadzi {controller}, administrator Twoich danych. Kontakt: {contact}.",
    "never_booked": 'Nigdy nie dokonałam/dokonałem tej rezerwacji: ktoś inny użył mojego adresu e-mail lub numeru telefonu',
    "appeal_h": 'Twoje odwołanie',
    "status_awaiting_verification": 'Czekamy, aż potwierdzisz, że adres e-mail lub telefon należy do Ciebie.',
    "status_received": 'Potwierdzone. Moderator je rozpatrzy; odpowiedź przyjdzie e-mailem i pojawi się na tej stronie.',
    "status_lifted": 'Rozstrzygnięte: wpis został zdjęty. Rezerwacje z tymi danymi nie są już zatrzymywane.',
    "status_upheld": 'Rozstrzygnięte: wpis pozostaje.',
    "verify_email": 'Wysłaliśmy 6-cyfrowy kod na podany adres e-mail. Wpisz go tutaj, aby potwierdzić, że adres należy do Ciebie. Do tego czasu nic się nie zmienia.',
    "verify_phone": 'Wysłaliśmy 6-cyfrowy kod SMS-em na podany numer telefonu. Wpisz go tutaj, aby potwierdzić, że numer należy do Ciebie. Do tego czasu nic się nie zmienia.',
    "verify_none": 'Nie możemy wysłać Ci tutaj kodu, więc nie możemy potwierdzić, że te dane należą do Ciebie. Moderator przeczyta odwołanie, ale wpis pozostaje bez zmian do czasu jego decyzji.',
    "code": 'Kod',
    "verify": 'Potwierdź',
    "code_wrong": 'Ten kod jest nieprawidłowy. Sprawdź go i spróbuj ponownie.',
    "code_locked": 'Zbyt wiele błędnych kodów: to odwołanie jest zablokowane. W razie potrzeby wyślij nowe odwołanie.',
    "code_expired": 'Ten kod wygasł. Poproś niżej o nowy.',
    "resend": 'Wyślij mi nowy kod',
    "resent": 'Nowy kod jest w drodze.',
    "resend_refused": 'Nie można teraz wysłać nowego kodu (poprzedni wysłano niecałą minutę temu albo wysłano już trzy).',
    "verified": 'Dziękujemy, potwierdzone. Dopóki moderator rozpatruje odwołanie, ten wpis może co najwyżej skłonić salon do potwierdzenia Twojej rezerwacji.',
    "moderator_note": 'Odpowiedź moderatora:',
    "follow_unknown": 'To odwołanie można wyświetlić tylko z linku w wysłanym e-mailu albo w przeglądarce, z której je wysłano.',
}

WIDGET = {
    "block": "Przepraszamy, nie możemy przyjąć tej rezerwacji online. Prosimy o bezpośredni kontakt z salonem.",
    "require_deposit": "Potwierdzenie tej rezerwacji wymaga wpłaty zadatku. Salon poinformuje, jak go wpłacić.",
    "require_confirmation": "Salon skontaktuje się z Tobą, aby potwierdzić tę rezerwację.",
    "proceed": "Kontynuuj",
    "help": "Dlaczego? Co możesz zrobić",
}

# the demo booking page (a salon's page protected by the widget)
DEMO = {
    "title": "zarezerwuj wizytę",
    "tagline": "Włosy · Paznokcie · Uroda — demonstracyjna strona rezerwacji chroniona przez Blocklist",
    "appointment": "Twoja wizyta",
    "service": "Usługa",
    "services": ["Manicure", "Pedicure", "Strzyżenie", "Koloryzacja", "Brwi i rzęsy"],
    "starts_at": "Data i godzina",
    "about_you": "O Tobie",
    "name": "Imię i nazwisko",
    "email": "E-mail",
    "phone": "Telefon",
    "phone_country": "Numer kierunkowy kraju",
    "phone_country_local": "jak w kraju salonu",
    "book": "Zarezerwuj",
    "received": "Rezerwacja przyjęta",
    "thanks": "Dziękujemy,",
    "on": "—",
    "said": "Odpowiedź Blocklist:",
    "action": "działanie",
    "note": ("Prawdziwy system rezerwacji zapisałby teraz wizytę, a przy zadatku lub potwierdzeniu wykonałby "
             "ten krok."),
}

# the Art. 14 notice (GDPR) to a person whose email is listed; one paragraph per item, never
# hard-wrapped (mail programs wrap to the reader's screen)
NOTICE = {
    "subject": "Twoje dane zostały wpisane do serwisu Blocklist dla rezerwacji w salonach",
    "paragraphs": [
        "Dzień dobry,",
        ("piszemy na podstawie art. 14 RODO, ponieważ przetwarzamy dane o Tobie, których nie otrzymaliśmy "
         "bezpośrednio od Ciebie."),
        ("Kim jesteśmy i w jakim celu: {controller} prowadzi Blocklist, serwis, z którego wspólnie korzystają "
         "salony kosmetyczne i fryzjerskie, aby chronić się przed fałszywymi rezerwacjami i powtarzającymi "
         "się nieobecnościami. Przetwarzamy Twoje dane w tym prawnie uzasadnionym interesie (art. 6 ust. 1 "
         "lit. f RODO)."),
        "Jakie dane mamy: {data} oraz to, co zgłosiły salony: {reasons}.",
        ("Skąd je mamy: zgłosiły je salony, w których dokonano rezerwacji z użyciem tych danych. Moderator "
         "(człowiek) sprawdził zgłoszenia i wpisał te dane; salony korzystające z serwisu mogą przy ich "
         "użyciu poprosić o zadatek lub potwierdzenie albo odmówić rezerwacji."),
        "Jak długo: wpis wygasa najpóźniej {until}, a następnie jest usuwany.",
        ("Twoje prawa: możesz otrzymać kopię danych, które o Tobie mamy, żądać ich sprostowania lub "
         "usunięcia, ograniczenia ich przetwarzania oraz wnieść sprzeciw; możesz też złożyć skargę do organu "
         "nadzorczego ochrony danych. Aby zakwestionować wpis (na czas sprawdzania zostaje od razu "
         "ograniczony) lub skorzystać z tych praw, wejdź na {url}"),
        "Ta wiadomość została wysłana jednorazowo; odpowiedzi nie są czytane.",
    ],
    "email": "Twój adres e-mail",
    "phone": "Twój numer telefonu",
    "name": "imię i nazwisko podane przy rezerwacji",
    "end_of_period": "z końcem okresu wpisu",
    "unspecified": "powtarzające się problemy z rezerwacjami",
    "fake_booking": "rezerwacje bez zamiaru przyjścia",
    "no_show": "nieprzychodzenie na umówione wizyty",
    "late_cancellation": "odwoływanie wizyt w ostatniej chwili",
    "abusive": "niewłaściwe zachowanie wobec personelu",
    "date": "%d.%m.%Y",
    "other_language": "Ta sama informacja po angielsku (in English):",
    "warning_subject": "Ostrzeżenie od serwisu Blocklist dla rezerwacji w salonach",
    "warning": ("To jest ostrzeżenie, nie wpis na listę: z jego powodu żadna rezerwacja nie zostanie "
                "odrzucona. Jeśli salony zgłoszą kolejne fałszywe rezerwacje lub nieobecności z użyciem tych "
                "danych, doprowadzi to do wymogu zadatku lub blokady."),
    "warning_source": ("Skąd je mamy: zgłosiły je salony, w których dokonano rezerwacji z użyciem tych "
                       "danych. Moderator (człowiek) sprawdził zgłoszenia i zdecydował się Cię ostrzec "
                       "zamiast wpisać te dane na listę."),
    "warning_how_long": "Jak długo: ostrzeżenie przechowujemy najpóźniej do {until}, a następnie je usuwamy.",
}

APPEAL_MESSAGES = {'code_subject': 'Twój kod do potwierdzenia odwołania w Blocklist',
 'code_mail': ['Dzień dobry,',
               'zakwestionowano wpis w usłudze Blocklist prowadzonej przez {controller}. Aby potwierdzić, że ten '
               'adres e-mail należy do Ciebie, wpisz ten kod na stronie, z której przychodzisz: {code}',
               'Kod jest ważny przez {minutes} minut. Odwołanie możesz śledzić tutaj: {url}',
               'Jeśli nie wysyłałaś/nie wysyłałeś odwołania, zignoruj tę wiadomość: bez kodu nic się nie zmieni.'],
 'code_text': 'Blocklist: Twój kod to {code} (ważny {minutes} min). Wpisz go na stronie odwołania. Jeśli nie '
              'wysyłałeś odwołania, zignoruj.',
 'lifted_subject': 'Twoje odwołanie w Blocklist: wpis został zdjęty',
 'lifted_mail': ['Dzień dobry,',
                 'moderator rozpatrzył Twoje odwołanie i zdjął wpis. Rezerwacje z tymi danymi nie są już '
                 'zatrzymywane przez Blocklist.',
                 'Odpowiedź moderatora: {note}',
                 'Twoje odwołanie: {url}'],
 'lifted_text': 'Blocklist: Twoje odwołanie zostało przyjęte, a wpis zdjęty. Szczegóły: {url}',
 'upheld_subject': 'Twoje odwołanie w Blocklist: wpis pozostaje',
 'upheld_mail': ['Dzień dobry,',
                 'moderator rozpatrzył Twoje odwołanie i zdecydował, że wpis pozostaje.',
                 'Odpowiedź moderatora: {note}',
                 'Możesz złożyć skargę do organu ochrony danych osobowych albo skontaktować się z {controller}: '
                 '{url}'],
 'upheld_text': 'Blocklist: Twoje odwołanie rozpatrzono, wpis pozostaje. Szczegóły: {url}'}

PORTAL = {
    "portal": "Panel salonu", "skip": "Przejdź do treści", "sections": "Sekcje", "language": "Język",
    "log_in": "Zaloguj się", "log_out": "Wyloguj", "logged_out": "Wylogowano.",
    "login_title": "Blocklist dla salonów",
    "login_hint": "Zaprasza cię właściciel salonu (właścicieli: zespół Blocklist). Zaproszenie zawiera link, pod "
                  "którym ustawiasz hasło.",
    "login_wrong": "Błędny email, hasło lub kod.",
    "login_too_many": "Zbyt wiele nieudanych prób. Odczekaj kilka minut i spróbuj ponownie.",
    "email": "Email", "password": "Hasło", "code": "Kod z aplikacji uwierzytelniającej",
    "code_hint": "(gdy logowanie dwuetapowe jest włączone; lub kod zapasowy)",
    "invite_title": "Ustaw hasło",
    "invite_intro": "Zaproszono cię do panelu Blocklist salonu {salon} jako {email}.",
    "invite_gone_title": "Ten link z zaproszeniem nie działa",
    "invite_gone": "Został już użyty albo ma więcej niż 7 dni. Poproś osobę, która cię zaprosiła, o nowy.",
    "new_password": "Nowe hasło", "password_rule": "(co najmniej 12 znaków; nie popularne hasło)",
    "password_again": "To samo hasło jeszcze raz", "set_password": "Ustaw hasło",
    "passwords_differ": "Hasła nie są takie same.", "password_refused": "Wybierz inne hasło",
    "welcome": "Hasło ustawione. Jeszcze jeden krok: włącz logowanie dwuetapowe.",
    "mfa_title": "Logowanie dwuetapowe",
    "mfa_enabled": "Przy logowaniu podajesz kod z aplikacji uwierzytelniającej. Zgubiony telefon? Zaloguj się kodem "
                   "zapasowym (zostało {left}) albo poproś właściciela salonu o usunięcie drugiego składnika.",
    "make_new_codes": "Utwórz nowe kody zapasowe",
    "mfa_add": "Dodaj to konto w aplikacji uwierzytelniającej (dowolna aplikacja TOTP: 6 cyfr, 30 sekund), potem "
               "wpisz kod, który pokaże.",
    "mfa_key": "Klucz dla aplikacji", "mfa_link": "lub, dla aplikacji przyjmujących link:",
    "mfa_code": "Kod z aplikacji", "mfa_switch_on": "Włącz",
    "mfa_required": "Panel wymaga drugiego składnika przed czymkolwiek innym: kodu z aplikacji na telefonie przy "
                    "każdym logowaniu.",
    "mfa_optional": "Chroń logowanie kodem z aplikacji uwierzytelniającej na telefonie.",
    "mfa_set_up": "Skonfiguruj logowanie dwuetapowe",
    "mfa_wrong": "Kod się nie zgadza. Sprawdź zegar telefonu i spróbuj następnego kodu.",
    "mfa_on": "Logowanie dwuetapowe włączone: twoje kody zapasowe",
    "new_codes": "Nowe kody zapasowe (poprzednie już nie działają)",
    "codes_intro": "Każdy kod zapasowy loguje raz zamiast kodu z aplikacji, na wypadek utraty telefonu. Przechowuj "
                   "je w bezpiecznym miejscu, z dala od telefonu.",
    "recovery_code": "Kod zapasowy",
    "shown_once": "Skopiuj to teraz: pokazujemy to tylko raz.", "continue": "Dalej",
    "back_to_portal": "Wróć do panelu",
    "nav_home": "Przegląd", "nav_report": "Zgłoś klienta", "nav_lookup": "Sprawdź", "nav_reports": "Moje zgłoszenia",
    "nav_outcomes": "Czy przyszli?", "nav_integration": "Strona rezerwacji", "nav_people": "Osoby",
    "tile_report": "Ktoś zarezerwował fałszywie, nie przyszedł lub odwołał za późno.",
    "tile_lookup": "Sprawdź klienta, zanim przyjmiesz rezerwację przez telefon.",
    "tile_reports": "Co stało się z twoimi zgłoszeniami.",
    "since_last_visit": "Zmiany od ostatniej wizyty", "nothing_changed": "Nic nowego w twoich zgłoszeniach.",
    "see_all_reports": "Wszystkie twoje zgłoszenia",
    "waiting_outcomes": "Czy ci klienci przyszli?",
    "waiting_outcomes_intro": "Sprawdzono tych klientów i poprosiliśmy o potwierdzenie. Powiedz nam, jak poszła "
                              "wizyta: to pomaga utrzymać listę uczciwą.",
    "nothing_waiting": "Żadna rezerwacja nie czeka na odpowiedź.",
    "report_title": "Zgłoś klienta",
    "report_intro": "Moderator czyta każde zgłoszenie, zanim ktokolwiek trafi na listę. Podaj, co wiesz: im więcej "
                    "z imienia, emaila i telefonu, tym lepiej rozpoznamy osobę.",
    "what_happened": "Co się stało", "customer": "Klient", "name": "Imię i nazwisko", "phone": "Telefon",
    "phone_country": "Kraj numeru telefonu",
    "phone_country_hint": "Dla numeru wpisanego bez kodu kraju (+…).",
    "category_no_show": "Nie przyszedł", "category_no_show_hint": "(no-show)",
    "category_late_cancellation": "Odwołał za późno", "category_late_cancellation_hint": "(za późno, by zapełnić termin)",
    "category_fake_booking": "Fałszywa rezerwacja", "category_fake_booking_hint": "(zmyślona albo by zablokować terminy)",
    "category_abusive": "Agresja", "category_abusive_hint": "(groźby lub obelgi wobec personelu)",
    "booking": "Rezerwacja", "starts_at": "Termin wizyty", "zone_hint": "(czas twojego salonu: {zone})",
    "service": "Usługa", "reference": "Numer", "channel": "Rezerwacja", "channel_unknown": "—",
    "channel_online": "online", "channel_phone": "telefonicznie", "channel_walk_in": "osobiście",
    "reached": "Czy udało się skontaktować z klientem?", "reached_yes": "Tak, rozmawialiśmy",
    "reached_no": "Próbowaliśmy, bez odpowiedzi", "reached_not_tried": "Nie próbowaliśmy",
    "first_visit": "To była jego pierwsza wizyta",
    "notes": "Uwagi", "notes_hint": "(co powinien wiedzieć moderator; bez danych o zdrowiu ani innych wrażliwych)",
    "send_report": "Wyślij zgłoszenie",
    "form_problems": "Sprawdź te pola:",
    "field_category": "Co się stało", "field_subject": "Klient", "field_subject_email": "Email",
    "field_subject_phone": "Telefon", "field_subject_name": "Imię i nazwisko",
    "field_booking_starts_at": "Termin wizyty", "field_evidence_notes": "Uwagi",
    "report_received": "Zgłoszenie przyjęte. Moderator je sprawdzi; wynik zobaczysz tutaj.",
    "report_already": "To zgłoszenie już wysłano: oto ono (nic nowego nie zapisano).",
    "lookup_title": "Sprawdź klienta",
    "lookup_intro": "Zanim przyjmiesz rezerwację przez telefon: ta sama odpowiedź, jaką dostałaby twoja strona "
                    "rezerwacji.",
    "look_up": "Sprawdź",
    "verdict_allow": "przyjąć", "verdict_challenge": "najpierw potwierdzić", "verdict_block": "nie przyjmować",
    "verdict_allow_title": "Brak znanych problemów", "verdict_allow_text": "Przyjmij rezerwację jak zwykle.",
    "verdict_challenge_title": "Potwierdź, zanim przyjmiesz", "verdict_block_title": "Nie przyjmuj tej rezerwacji",
    "action_none": "Ten klient jest na liście blokad. Nie przyjmuj rezerwacji; może zakwestionować wpis.",
    "action_require_confirmation": "Zadzwoń lub napisz do klienta, by potwierdził rezerwację, zanim zatrzymasz "
                                   "termin.",
    "action_require_deposit": "Poproś o zadatek, zanim zatrzymasz termin.",
    "why": "Dlaczego",
    "why_email_blocked": "Ten email jest na liście blokad.",
    "why_phone_blocked": "Ten numer telefonu jest na liście blokad.",
    "why_email_challenged": "Ten email jest na liście z prośbą o potwierdzenie.",
    "why_phone_challenged": "Ten numer jest na liście z prośbą o potwierdzenie.",
    "why_email_similar_to_blocked": "Email jest bardzo podobny do jednego z listy blokad.",
    "why_phone_similar_to_blocked": "Numer telefonu jest podobny do jednego z listy blokad.",
    "why_name_similar_to_blocked": "Imię jest podobne do osoby z listy, a część danych kontaktowych się zgadza.",
    "why_name_only_similar_to_blocked": "Tylko imię jest podobne do osoby z listy: może to być ktoś inny.",
    "why_reported_by_multiple_salons": "Kilka salonów zgłosiło niedawno tego klienta (jeszcze nie sprawdzono).",
    "why_repeated_no_shows": "Ten klient nie przyszedł na kilka wizyt.",
    "why_disposable_email": "Email to adres jednorazowy.",
    "why_invalid_phone": "Numer telefonu nie jest prawidłowy.",
    "why_blocked_by_this_salon": "Zgłoszenie twojego salonu umieściło tego klienta na liście.",
    "why_listing_disputed": "Osoba kwestionuje wpis: potwierdź z nią zamiast odmawiać.",
    "why_identity_misuse_reported": "Właściciel twierdzi, że ktoś inny użył tego emaila lub telefonu: potwierdź "
                                    "z nim.",
    "why_shared_identifier": "Z tego emaila lub telefonu korzysta kilka osób; zgłoszone nieobecności liczą się "
                             "mniej.",
    "why_warned": "Moderator ostrzegł tego klienta.",
    "why_typo_name_differs": "Email różni się jedną literą od adresu z listy, ale imię jest inne.",
    "lookup_then": "Po wizycie powiedz nam, czy klient przyszedł:",
    "booking_attended": "Przyszedł", "booking_no_show": "Nie przyszedł", "booking_late_cancellation": "Odwołał za późno",
    "booking_cancelled_in_time": "Odwołał w terminie",
    "save": "Zapisz", "outcome_saved": "Zapisano. Dziękujemy: to pomaga utrzymać listę uczciwą.",
    "outcomes_title": "Czy przyszli?",
    "outcomes_intro": "Klienci sprawdzeni w ostatnich 30 dniach, o których serwis coś wiedział. Powiedz, jak poszła "
                      "każda wizyta: nieobecność liczy się jak zgłoszenie, a klient, który przyszedł, odzyskuje "
                      "dobrą opinię.",
    "looked_up": "Sprawdzono", "answer": "Odpowiedź", "no_lookups": "Brak sprawdzeń do uzupełnienia.",
    "outcome_by_reference": "Rezerwacja ze strony rezerwacji",
    "reference_hint": "(lkp_…, podawany przy każdej odpowiedzi „potwierdź” lub „odmów”)",
    "reports_title": "Moje zgłoszenia", "status": "Stan", "status_any": "dowolny", "status_pending": "oczekuje",
    "status_confirmed": "rozstrzygnięte", "status_dismissed": "odrzucone", "status_withdrawn": "wycofane",
    "search": "Imię, email, telefon lub numer", "show": "Pokaż",
    "searched": "Przeszukano {count} najnowszych zgłoszeń.", "sent": "Wysłano", "outcome": "Wynik", "new": "nowe",
    "no_reports": "Brak zgłoszeń.", "next_page": "Następna strona →",
    "outcome_pending": "Czeka na moderatora", "outcome_withdrawn": "Wycofane przez ciebie",
    "outcome_dismissed": "Odrzucone", "outcome_lifted": "Było na liście; zdjęte {date}",
    "outcome_blocked_until": "Zablokowany do {date}", "outcome_blocked": "Zablokowany do odwołania",
    "outcome_challenged_until": "Potwierdzenie wymagane do {date}", "outcome_challenged": "Potwierdzenie wymagane",
    "outcome_warned": "Ostrzeżenie: klientowi powiedziano, bez wpisu na listę",
    "reason_insufficient_evidence": "za mało dowodów", "reason_not_the_same_person": "to nie ta sama osoba",
    "reason_outside_policy": "poza tym, do czego służy lista", "reason_duplicate": "duplikat",
    "reason_none": "bez podanego powodu",
    "listed": "na liście", "kind_email": "email", "kind_phone": "telefon", "scope_salon": "tylko dla twojego salonu",
    "scope_global": "dla wszystkich salonów",
    "report": "Zgłoszenie", "report_id": "Numer zgłoszenia", "back_to_reports": "Wróć do moich zgłoszeń",
    "withdraw_intro": "Klient jednak przyszedł albo zgłoszono niewłaściwą osobę? Wycofaj zgłoszenie.",
    "withdraw": "Wycofaj zgłoszenie", "withdrawn": "Zgłoszenie wycofane.",
    "integration_title": "Twoja strona rezerwacji",
    "integration_intro": "Sprawdzanie działa na twojej stronie rezerwacji z kluczem publicznym; serwer twojego "
                         "systemu rezerwacji może używać klucza tajnego.",
    "snippet": "Kod dla twojej strony rezerwacji",
    "snippet_intro": "Wklej go przed </body> na stronie z formularzem rezerwacji; data-form wskazuje formularz.",
    "snippet_key_hint": "W data-key wpisz klucz publiczny (bl_pk_…): utwórz go poniżej. Pokazujemy go raz.",
    "check_page": "Sprawdź moją stronę", "booking_page_url": "Adres twojej strony rezerwacji", "check": "Sprawdź",
    "check_ok": "OK", "check_bad": "Problem", "check_reachable": "Strona", "check_origin": "Dozwolony adres",
    "check_script": "Skrypt", "check_key": "Klucz", "check_no_secret_key": "Klucz tajny",
    "origins": "Dozwolone adresy",
    "origins_label": "Adresy twoich stron rezerwacji, po jednym w wierszu (https://twoj-salon.pl)",
    "origins_saved": "Zapisano: sprawdzanie na twoich stronach działa z tych adresów w ciągu kilku sekund.",
    "keys": "Klucze", "key": "Klucz", "key_kind": "Rodzaj", "created": "Utworzono", "revoked": "unieważniony",
    "revoke": "Unieważnij", "new_key": "Nowy klucz", "create": "Utwórz",
    "key_publishable": "publiczny (strona rezerwacji)", "key_secret": "tajny (serwer twojego systemu)",
    "key_created": "Nowy klucz", "key_revoked": "Klucz unieważniony: od teraz jest odrzucany.",
    "publishable_key_intro": "Ten klucz umieszczasz na stronie rezerwacji (każdy może go zobaczyć).",
    "secret_key_intro": "Ten klucz jest tylko dla serwera twojego systemu rezerwacji: nigdy nie umieszczaj go na "
                        "stronie.",
    "people_title": "Osoby w twoim salonie", "role": "Rola", "state": "Stan",
    "role_owner": "właściciel", "role_staff": "personel",
    "roles_hint": "Personel zgłasza, sprawdza i uzupełnia wizyty. Właściciele także zarządzają stroną rezerwacji, "
                  "kluczami i osobami.",
    "state_active": "aktywny", "state_invited": "zaproszony", "state_no_mfa": "bez logowania dwuetapowego",
    "state_stopped": "dostęp wstrzymany",
    "invite_again": "Nowy link z zaproszeniem", "reset_second_factor": "Usuń drugi składnik",
    "stop_access": "Wstrzymaj dostęp", "restore_access": "Przywróć dostęp",
    "invite_someone": "Zaproś kogoś", "invite": "Zaproś",
    "invited": "{email} ma zaproszenie", "invite_link": "Link z zaproszeniem (ważny 7 dni)",
    "invite_mailed": "Wysłaliśmy ten link emailem. Możesz też przekazać go sam(a).",
    "invite_give": "Przekaż ten link samodzielnie (stąd nie wysyłamy emaili).",
    "access_stopped": "Dostęp wstrzymany: ta osoba została wylogowana.", "access_restored": "Dostęp przywrócony.",
    "second_factor_reset": "Drugi składnik usunięty: przy następnym logowaniu ta osoba ustawi nowy.",
    "not_yourself": "Nie dla własnego konta",
    "webhooks": "Webhooki",
    "webhooks_intro": "Twój system może dostawać wiadomość, gdy zmienia się wynik zgłoszenia (report.updated, podpisane): podaj jego adres https.",
    "webhook_url": "Adres (https://…)",
    "webhook_add": "Dodaj",
    "webhook_secret": "Sekret do podpisu",
    "webhook_secret_intro": "Twój system sprawdza tym sekretem nagłówek Blocklist-Signature każdej wiadomości.",
    "webhook_added": "Webhook dodany",
    "webhook_deleted": "Webhook usunięty: nic więcej tam nie wysyłamy.",
    "webhook_test": "Wyślij test",
    "webhook_test_sent": "Testowe zdarzenie jest w drodze; jego doręczenie pojawi się poniżej w ciągu minuty.",
    "delete": "Usuń",
    "no_deliveries": "Nic jeszcze nie wysłano.",
    "webhook_stopped": "wstrzymany",
    "platform_webhook": "twojej platformy rezerwacji",
    "invite_mail_subject": "Blocklist: dostęp dla {salon}",
    "invite_mail_body": "Zaproszono cię do panelu salonu Blocklist dla {salon}.\n\nUstaw hasło tutaj w ciągu {days} dni:\n{link}\n\nW panelu zgłaszasz klientów, którzy zarezerwowali fałszywie lub nie przyszli, sprawdzasz klientów przed przyjęciem rezerwacji i widzisz, co stało się z twoimi zgłoszeniami.\n",
    "guard": {
        "not_found": "Ta strona nie istnieje.", "failed": "Nie udało się.", "forbidden": "Niedozwolone",
        "no_policy": "Ta strona nie deklaruje zasad dostępu.",
        "cross_site": "Formularze wysłane z innych stron są odrzucane.",
        "unavailable_title": "Niedostępne",
        "unavailable": "Panel nie może teraz sprawdzić twojego logowania. Spróbuj za chwilę.",
        "elevated_only": "Ta strona jest dla właścicieli salonu.",
        "csrf": "W formularzu brakowało tokenu bezpieczeństwa (lub wygasł). Odśwież stronę i spróbuj ponownie.",
        "not_possible": "Niemożliwe",
    },
}
