"""The public transparency page's text, in English and the booking widget's languages.

`{pending}`, `{closed}`, `{default}` and `{maximum}` are filled from the running configuration, so
the page states the retention periods actually enforced.
"""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "How Blocklist works",
        "intro": "Blocklist helps beauty salons protect their appointment books from deliberate fake bookings "
                 "and repeated no-shows. Salons report customers; nobody is listed by a report alone.",
        "criteria_h": "Who can be listed",
        "criteria": "Only a person whose booking behaviour was reported by a salon (fake bookings, repeated "
                    "no-shows, late cancellations, abusive behaviour) and whose case a moderator reviewed. A name "
                    "alone never leads to a block; listings are on an email address or phone number.",
        "decisions_h": "How decisions are made",
        "decisions": "A human moderator decides every block, after reading every salon's report. Unreviewed "
                     "reports may ask a salon to confirm a booking or take a deposit, never to refuse it. When a "
                     "listing is contested, it is restricted at once: until it is resolved it can at most ask for "
                     "a confirmation.",
        "retention_h": "How long data is kept",
        "retention": "A listing lasts {default} months unless the moderator chooses less, and never more than "
                     "{maximum} months. Reports nobody reviewed are deleted after {pending} days. Dismissed and "
                     "withdrawn reports lose their personal data after {closed} days. Records of checks are "
                     "kept for 30 days. Emails and phone numbers are stored as keyed hashes and encrypted.",
        "rights_h": "Your rights",
        "rights": "You can ask what we hold about you, have it corrected or erased, and contest a listing. "
                  "Use the form below with the email or phone number that was used for the booking; we answer "
                  "within one month.",
        "form_h": "Contest a listing",
        "name": "Your name", "email": "Email", "phone": "Phone",
        "message": "What happened?", "send": "Send",
        "sent": "Thank you. We received your request ({id}); a moderator will review it.",
        "need_contact": "Give the email or phone number that was used for the booking.",
        "need_message": "Give your name and tell us what happened.",
        "country": "Country of the phone number", "country_none": "— (I typed the country code)",
        "phone_unreadable": "We could not read this phone number. Choose its country, or write it with the country code (e.g. +48 601 234 567).",
        "email_unreadable": "We could not read this email address. Check it and send the form again.",
    },
    "pl": {
        "title": "Jak działa Blocklist",
        "intro": "Blocklist pomaga salonom kosmetycznym chronić terminarze przed celowo fałszywymi rezerwacjami "
                 "i powtarzającymi się nieobecnościami. Salony zgłaszają klientów; samo zgłoszenie nikogo nie "
                 "umieszcza na liście.",
        "criteria_h": "Kto może trafić na listę",
        "criteria": "Tylko osoba, której zachowanie przy rezerwacjach zgłosił salon (fałszywe rezerwacje, "
                    "powtarzające się nieobecności, późne odwołania, niewłaściwe zachowanie) i której sprawę "
                    "sprawdził moderator. Samo imię i nazwisko nigdy nie prowadzi do blokady; wpis dotyczy adresu "
                    "e-mail lub numeru telefonu.",
        "decisions_h": "Jak zapadają decyzje",
        "decisions": "O każdej blokadzie decyduje człowiek — moderator — po przeczytaniu zgłoszeń wszystkich "
                     "salonów. Niesprawdzone zgłoszenia mogą najwyżej skłonić salon do potwierdzenia rezerwacji "
                     "lub pobrania zadatku, nigdy do odmowy. Zakwestionowany wpis zostaje od razu ograniczony.",
        "retention_h": "Jak długo przechowujemy dane",
        "retention": "Wpis obowiązuje {default} miesięcy, chyba że moderator wybierze krócej, i nigdy dłużej niż "
                     "{maximum} miesięcy. Niesprawdzone zgłoszenia usuwamy po {pending} dniach. Odrzucone i "
                     "wycofane zgłoszenia tracą dane osobowe po {closed} dniach. Zapisy sprawdzeń przechowujemy "
                     "30 dni. Adresy e-mail i numery telefonów są zaszyfrowane.",
        "rights_h": "Twoje prawa",
        "rights": "Możesz zapytać, jakie dane o Tobie mamy, zażądać ich sprostowania lub usunięcia oraz "
                  "zakwestionować wpis. Skorzystaj z formularza poniżej, podając e-mail lub telefon użyty przy "
                  "rezerwacji; odpowiadamy w ciągu miesiąca.",
        "form_h": "Zakwestionuj wpis",
        "name": "Imię i nazwisko", "email": "E-mail", "phone": "Telefon",
        "message": "Co się stało?", "send": "Wyślij",
        "sent": "Dziękujemy. Otrzymaliśmy Twoje zgłoszenie ({id}); moderator je rozpatrzy.",
        "need_contact": "Podaj e-mail lub numer telefonu użyty przy rezerwacji.",
        "need_message": "Podaj imię i nazwisko oraz opisz, co się stało.",
        "country": "Kraj numeru telefonu", "country_none": "— (wpisałem/-am numer kierunkowy kraju)",
        "phone_unreadable": "Nie możemy odczytać tego numeru telefonu. Wybierz kraj albo wpisz numer z kierunkowym (np. +48 601 234 567).",
        "email_unreadable": "Nie możemy odczytać tego adresu e-mail. Sprawdź go i wyślij formularz ponownie.",
    },
    "nl": {
        "title": "Hoe Blocklist werkt",
        "intro": "Blocklist helpt schoonheidssalons hun agenda te beschermen tegen opzettelijk valse boekingen en "
                 "herhaald niet verschijnen. Salons melden klanten; een melding alleen zet niemand op de lijst.",
        "criteria_h": "Wie op de lijst kan komen",
        "criteria": "Alleen iemand van wie een salon het boekingsgedrag meldde (valse boekingen, herhaald niet "
                    "verschijnen, late annuleringen, grensoverschrijdend gedrag) en van wie een moderator de zaak "
                    "heeft beoordeeld. Een naam alleen leidt nooit tot een blokkade; vermeldingen gaan over een "
                    "e-mailadres of telefoonnummer.",
        "decisions_h": "Hoe besluiten worden genomen",
        "decisions": "Een mens — een moderator — beslist over elke blokkade, na het lezen van de meldingen van "
                     "alle salons. Niet beoordeelde meldingen kunnen een salon hooguit vragen een boeking te "
                     "bevestigen of een aanbetaling te vragen. Een betwiste vermelding wordt direct beperkt.",
        "retention_h": "Hoe lang gegevens bewaard blijven",
        "retention": "Een vermelding geldt {default} maanden, tenzij de moderator korter kiest, en nooit langer dan "
                     "{maximum} maanden. Niet beoordeelde meldingen worden na {pending} dagen verwijderd. "
                     "Afgewezen en ingetrokken meldingen verliezen hun persoonsgegevens na {closed} dagen. "
                     "Controles worden 30 dagen bewaard. E-mailadressen en telefoonnummers zijn versleuteld.",
        "rights_h": "Uw rechten",
        "rights": "U kunt vragen welke gegevens wij over u hebben, ze laten corrigeren of wissen, en een "
                  "vermelding betwisten. Gebruik het formulier hieronder met het e-mailadres of telefoonnummer "
                  "van de boeking; wij antwoorden binnen een maand.",
        "form_h": "Een vermelding betwisten",
        "name": "Uw naam", "email": "E-mail", "phone": "Telefoon",
        "message": "Wat is er gebeurd?", "send": "Versturen",
        "sent": "Dank u. We hebben uw verzoek ontvangen ({id}); een moderator beoordeelt het.",
        "need_contact": "Geef het e-mailadres of telefoonnummer van de boeking.",
        "need_message": "Geef uw naam en vertel wat er is gebeurd.",
        "country": "Land van het telefoonnummer", "country_none": "— (ik heb de landcode ingevuld)",
        "phone_unreadable": "We kunnen dit telefoonnummer niet lezen. Kies het land of schrijf het met landcode (bijv. +31 6 12345678).",
        "email_unreadable": "We kunnen dit e-mailadres niet lezen. Controleer het en verstuur het formulier opnieuw.",
    },
    "tr": {
        "title": "Blocklist nasıl çalışır",
        "intro": "Blocklist, güzellik salonlarının randevu defterlerini kasıtlı sahte rezervasyonlara ve "
                 "tekrarlanan gelmemelere karşı korumasına yardım eder. Salonlar müşterileri bildirir; tek "
                 "başına bir bildirim kimseyi listeye almaz.",
        "criteria_h": "Kimler listeye alınabilir",
        "criteria": "Yalnızca bir salonun rezervasyon davranışını bildirdiği (sahte rezervasyon, tekrarlanan "
                    "gelmeme, geç iptal, kötü davranış) ve dosyasını bir moderatörün incelediği kişiler. Yalnızca "
                    "bir isim asla engellemeye yol açmaz; kayıtlar e-posta adresi veya telefon numarası içindir.",
        "decisions_h": "Kararlar nasıl verilir",
        "decisions": "Her engellemeye, tüm salonların bildirimlerini okuduktan sonra bir insan — moderatör — karar "
                     "verir. İncelenmemiş bildirimler salondan en fazla rezervasyonu onaylamasını veya kapora "
                     "almasını isteyebilir. İtiraz edilen bir kayıt hemen kısıtlanır.",
        "retention_h": "Veriler ne kadar saklanır",
        "retention": "Bir kayıt, moderatör daha kısa seçmedikçe {default} ay geçerlidir ve asla {maximum} aydan "
                     "uzun sürmez. İncelenmemiş bildirimler {pending} gün sonra silinir. Reddedilen ve geri "
                     "çekilen bildirimler {closed} gün sonra kişisel verilerini kaybeder. Sorgu kayıtları 30 gün "
                     "saklanır. E-posta adresleri ve telefon numaraları şifrelenir.",
        "rights_h": "Haklarınız",
        "rights": "Hakkınızda hangi verileri tuttuğumuzu sorabilir, düzeltilmesini veya silinmesini isteyebilir ve "
                  "bir kayda itiraz edebilirsiniz. Rezervasyonda kullanılan e-posta veya telefonla aşağıdaki formu "
                  "kullanın; bir ay içinde yanıt veririz.",
        "form_h": "Bir kayda itiraz edin",
        "name": "Adınız", "email": "E-posta", "phone": "Telefon",
        "message": "Ne oldu?", "send": "Gönder",
        "sent": "Teşekkürler. Talebinizi aldık ({id}); bir moderatör inceleyecek.",
        "need_contact": "Rezervasyonda kullanılan e-posta veya telefon numarasını yazın.",
        "need_message": "Adınızı yazın ve ne olduğunu anlatın.",
        "country": "Telefon numarasının ülkesi", "country_none": "— (ülke kodunu yazdım)",
        "phone_unreadable": "Bu telefon numarasını okuyamadık. Ülkesini seçin ya da ülke koduyla yazın (örn. +90 532 123 45 67).",
        "email_unreadable": "Bu e-posta adresini okuyamadık. Kontrol edip formu yeniden gönderin.",
    },
    "ru": {
        "title": "Как работает Blocklist",
        "intro": "Blocklist помогает салонам красоты защищать запись от заведомо ложных бронирований и "
                 "повторных неявок. Салоны сообщают о клиентах; одно сообщение никого не вносит в список.",
        "criteria_h": "Кто может попасть в список",
        "criteria": "Только человек, о поведении которого при бронировании сообщил салон (ложные бронирования, "
                    "повторные неявки, поздние отмены, оскорбительное поведение), и чьё дело проверил модератор. "
                    "Одно только имя никогда не приводит к блокировке; записи касаются адреса e-mail или номера "
                    "телефона.",
        "decisions_h": "Как принимаются решения",
        "decisions": "Каждую блокировку решает человек — модератор — прочитав сообщения всех салонов. "
                     "Непроверенные сообщения могут лишь попросить салон подтвердить бронирование или взять "
                     "предоплату. Оспоренная запись сразу ограничивается.",
        "retention_h": "Сколько хранятся данные",
        "retention": "Запись действует {default} месяцев, если модератор не выбрал меньше, и никогда не дольше "
                     "{maximum} месяцев. Непроверенные сообщения удаляются через {pending} дней. Отклонённые и "
                     "отозванные сообщения теряют персональные данные через {closed} дней. Журналы проверок "
                     "хранятся 30 дней. Адреса e-mail и номера телефонов зашифрованы.",
        "rights_h": "Ваши права",
        "rights": "Вы можете узнать, какие данные о вас у нас есть, потребовать исправить или удалить их и "
                  "оспорить запись. Воспользуйтесь формой ниже, указав e-mail или телефон, использованные при "
                  "бронировании; мы ответим в течение месяца.",
        "form_h": "Оспорить запись",
        "name": "Ваше имя", "email": "E-mail", "phone": "Телефон",
        "message": "Что произошло?", "send": "Отправить",
        "sent": "Спасибо. Мы получили ваш запрос ({id}); модератор его рассмотрит.",
        "need_contact": "Укажите e-mail или телефон, использованные при бронировании.",
        "need_message": "Укажите имя и опишите, что произошло.",
        "country": "Страна номера телефона", "country_none": "— (я указал(а) код страны)",
        "phone_unreadable": "Не удалось прочитать этот номер. Выберите страну или укажите номер с кодом страны (напр. +7 916 123-45-67).",
        "email_unreadable": "Не удалось прочитать этот адрес e-mail. Проверьте его и отправьте форму ещё раз.",
    },
    "he": {
        "title": "איך Blocklist עובד",
        "intro": "Blocklist עוזר לסלוני יופי להגן על יומן התורים מפני הזמנות כוזבות במכוון ומאי-הגעה חוזרת. "
                 "סלונים מדווחים על לקוחות; דיווח לבדו אינו מכניס איש לרשימה.",
        "criteria_h": "מי עלול להיכלל ברשימה",
        "criteria": "רק אדם שסלון דיווח על התנהגותו בהזמנות (הזמנות כוזבות, אי-הגעה חוזרת, ביטולים מאוחרים, "
                    "התנהגות פוגענית) ושמנחה בדק את התיק שלו. שם לבדו לעולם אינו מוביל לחסימה; הרישום הוא של "
                    "כתובת דוא\"ל או מספר טלפון.",
        "decisions_h": "איך מתקבלות החלטות",
        "decisions": "על כל חסימה מחליט אדם — מנחה — לאחר קריאת הדיווחים של כל הסלונים. דיווחים שלא נבדקו "
                     "יכולים לכל היותר לבקש מהסלון לאשר את ההזמנה או לגבות מקדמה. רישום שמוגשת עליו השגה מוגבל "
                     "מיד.",
        "retention_h": "כמה זמן נשמר המידע",
        "retention": "רישום תקף {default} חודשים, אלא אם המנחה בחר פחות, ולעולם לא יותר מ-{maximum} חודשים. "
                     "דיווחים שלא נבדקו נמחקים אחרי {pending} ימים. דיווחים שנדחו או בוטלו מאבדים את המידע האישי "
                     "אחרי {closed} ימים. רישומי בדיקות נשמרים 30 יום. כתובות דוא\"ל ומספרי טלפון מוצפנים.",
        "rights_h": "הזכויות שלך",
        "rights": "אפשר לשאול איזה מידע יש לנו עליך, לבקש לתקן או למחוק אותו, ולהגיש השגה על רישום. השתמשו "
                  "בטופס שלמטה עם הדוא\"ל או הטלפון ששימשו להזמנה; נשיב תוך חודש.",
        "form_h": "הגשת השגה על רישום",
        "name": "שם", "email": "דוא\"ל", "phone": "טלפון",
        "message": "מה קרה?", "send": "שליחה",
        "sent": "תודה. קיבלנו את הבקשה שלך ({id}); מנחה יבדוק אותה.",
        "need_contact": "נא לציין את הדוא\"ל או הטלפון ששימשו להזמנה.",
        "need_message": "נא לציין שם ולתאר מה קרה.",
        "country": "המדינה של מספר הטלפון", "country_none": "— (הקלדתי קידומת מדינה)",
        "phone_unreadable": "לא הצלחנו לקרוא את מספר הטלפון. בחרו מדינה או כתבו אותו עם קידומת המדינה (למשל ‎+972 50-123-4567).",
        "email_unreadable": "לא הצלחנו לקרוא את כתובת הדוא\"ל. בדקו אותה ושלחו את הטופס שוב.",
    },
}

# countries offered for a phone typed without its country code, by their own names (a person finds
# their country whatever the page's language); anything else is typed with its +code
PHONE_COUNTRIES = [("PL", "Polska", "+48"), ("NL", "Nederland", "+31"), ("BE", "België / Belgique", "+32"),
                   ("DE", "Deutschland", "+49"), ("GB", "United Kingdom", "+44"), ("IE", "Ireland", "+353"),
                   ("TR", "Türkiye", "+90"), ("UA", "Україна", "+380"), ("IL", "ישראל", "+972")]
# the country the picker starts on, from the page's language (none where a language spans many)
LANGUAGE_COUNTRY = {"pl": "PL", "nl": "NL", "tr": "TR", "he": "IL", "de": "DE"}
