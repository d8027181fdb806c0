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
