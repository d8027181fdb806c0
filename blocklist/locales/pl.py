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
    "decisions": ("O każdej blokadzie decyduje człowiek — moderator — po przeczytaniu zgłoszeń wszystkich "
                  "salonów. Niesprawdzone zgłoszenia mogą najwyżej skłonić salon do potwierdzenia rezerwacji "
                  "lub pobrania zadatku, nigdy do odmowy. Zakwestionowany wpis zostaje od razu ograniczony."),
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
