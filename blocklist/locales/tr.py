"""Türkçe: every text a person reads in this language (the transparency page, the booking
widget, the Art. 14 notice). Adding a language is adding one file like this and naming it in
blocklist/locales/__init__.py."""

NAME = "Türkçe"
# the country a phone typed without its country code is most likely from, for people reading this
# language (None where the language spans many countries)
PHONE_COUNTRY = "TR"
RIGHT_TO_LEFT = False

TRANSPARENCY = {
    "title": "Blocklist nasıl çalışır",
    "intro": ("Blocklist, güzellik salonlarının randevu defterlerini kasıtlı sahte rezervasyonlara ve "
              "tekrarlanan gelmemelere karşı korumasına yardım eder. Salonlar müşterileri bildirir; tek başına "
              "bir bildirim kimseyi listeye almaz."),
    "criteria_h": "Kimler listeye alınabilir",
    "criteria": ("Yalnızca bir salonun rezervasyon davranışını bildirdiği (sahte rezervasyon, tekrarlanan "
                 "gelmeme, geç iptal, kötü davranış) ve dosyasını bir moderatörün incelediği kişiler. Yalnızca "
                 "bir isim asla engellemeye yol açmaz; kayıtlar e-posta adresi veya telefon numarası içindir."),
    "decisions_h": "Kararlar nasıl verilir",
    "decisions": 'Her engellemeye, tüm salonların bildirimlerini okuduktan sonra bir insan, yani bir moderatör karar verir. İncelenmemiş bildirimler bir salondan rezervasyonu onaylatmasını veya kapora almasını isteyebilir, asla reddetmesini değil. Bir kayda itiraz edilir ve kişi e-posta adresinin veya telefonun kendisine ait olduğunu bir kodla doğrularsa, kayıt hemen kısıtlanır: karar verilene kadar en fazla onay isteyebilir.',
    "standing_h": 'İtibarınızı geri kazanmak',
    "standing": 'Bir kayıt, bir moderatör onu kaldırdığında veya süresi dolduğunda sona erer. O andan itibaren kaydın dayandığı gelmemeler artık kapora istemez; yalnızca sonrasında bildirilen gelmemeler sayılır. Bir salon bir randevuya geldiğinizi bildirdiğinde, daha önceki hiçbir gelmeme sayılmaz.',
    "retention_h": "Veriler ne kadar saklanır",
    "retention": ("Bir kayıt, moderatör daha kısa seçmedikçe {default} ay geçerlidir ve asla {maximum} aydan "
                  "uzun sürmez. İncelenmemiş bildirimler {pending} gün sonra silinir. Reddedilen ve geri "
                  "çekilen bildirimler {closed} gün sonra kişisel verilerini kaybeder. Sorgu kayıtları 30 gün "
                  "saklanır. E-posta adresleri ve telefon numaraları şifrelenir."),
    "rights_h": "Haklarınız",
    "rights": ("Hakkınızda hangi verileri tuttuğumuzu sorabilir, düzeltilmesini veya silinmesini isteyebilir ve "
               "bir kayda itiraz edebilirsiniz. Rezervasyonda kullanılan e-posta veya telefonla aşağıdaki formu "
               "kullanın; bir ay içinde yanıt veririz."),
    "form_h": "Bir kayda itiraz edin",
    "name": "Adınız",
    "email": "E-posta",
    "phone": "Telefon",
    "message": "Ne oldu?",
    "send": "Gönder",
    "sent": "Teşekkürler. Talebinizi aldık ({id}); bir moderatör inceleyecek.",
    "need_contact": "Rezervasyonda kullanılan e-posta veya telefon numarasını yazın.",
    "need_message": "Adınızı yazın ve ne olduğunu anlatın.",
    "country": "Telefon numarasının ülkesi",
    "country_none": "— (ülke kodunu yazdım)",
    "phone_unreadable": ("Bu telefon numarasını okuyamadık. Ülkesini seçin ya da ülke koduyla yazın (örn. +90 "
                         "532 123 45 67)."),
    "email_unreadable": "Bu e-posta adresini okuyamadık. Kontrol edip formu yeniden gönderin.",
    "stopped": ("Bir salonun rezervasyon sayfası verdiğiniz bilgileri kontrol etti ve rezervasyonu çevrimiçi "
                "almadı (referans {ref}). Aşağıda bunun neden olabileceği ve nasıl itiraz edeceğiniz yer "
                "alıyor. Form bu referansla doldurulmuştur."),
    "operator": "Blocklist'i verilerinizden sorumlu olan {controller} işletir. İletişim: {contact}.",
    "never_booked": 'Bu rezervasyonu hiç yapmadım: başka biri e-posta adresimi veya telefon numaramı kullandı',
    "appeal_h": 'İtirazınız',
    "status_awaiting_verification": 'E-posta adresinin veya telefonun size ait olduğunu doğrulamanızı bekliyoruz.',
    "status_received": 'Doğrulandı. Bir moderatör inceleyecek; yanıt e-postayla ve bu sayfada gelecek.',
    "status_lifted": 'Sonuçlandı: kayıt kaldırıldı. Bu bilgilerle yapılan rezervasyonlar artık durdurulmuyor.',
    "status_upheld": 'Sonuçlandı: kayıt yerinde kalıyor.',
    "verify_email": 'Verdiğiniz e-posta adresine 6 haneli bir kod gönderdik. Adresin size ait olduğunu doğrulamak için buraya yazın. O zamana kadar hiçbir şey değişmez.',
    "verify_phone": 'Verdiğiniz telefon numarasına SMS ile 6 haneli bir kod gönderdik. Numaranın size ait olduğunu doğrulamak için buraya yazın. O zamana kadar hiçbir şey değişmez.',
    "verify_none": 'Size burada kod gönderemiyoruz, bu yüzden bu bilgilerin size ait olduğunu doğrulayamıyoruz. Bir moderatör itirazınızı yine de okuyacak, ancak karar verene kadar kayıt olduğu gibi kalır.',
    "code": 'Kod',
    "verify": 'Doğrula',
    "code_wrong": 'Bu kod doğru değil. Kontrol edip yeniden deneyin.',
    "code_locked": 'Çok fazla yanlış kod: bu itiraz kilitlendi. Gerekirse yeni bir itiraz gönderin.',
    "code_expired": 'Bu kodun süresi doldu. Aşağıdan yenisini isteyin.',
    "resend": 'Bana yeni bir kod gönder',
    "resent": 'Yeni bir kod yolda.',
    "resend_refused": 'Şu anda yeni kod gönderilemiyor (bir dakikadan kısa süre önce bir kod gönderildi ya da zaten üç kod gönderildi).',
    "verified": 'Teşekkürler, doğrulandı. Bir moderatör itirazınızı incelerken bu kayıt bir salondan en fazla rezervasyonunuzu onaylamasını isteyebilir.',
    "moderator_note": 'Moderatörün yanıtı:',
    "follow_unknown": 'Bu itiraz yalnızca size gönderdiğimiz e-postadaki bağlantıdan veya itirazı gönderdiğiniz tarayıcıdan görüntülenebilir.',
}

WIDGET = {
    "block": "Üzgünüz, bu rezervasyonu çevrimiçi kabul edemiyoruz. Lütfen doğrudan salonla iletişime geçin.",
    "require_deposit": ("Bu rezervasyonun onaylanması için kapora gerekiyor. Salon ödemeyi nasıl yapacağınızı "
                        "bildirecek."),
    "require_confirmation": "Salon, bu rezervasyonu onaylamak için sizinle iletişime geçecek.",
    "proceed": "Devam et",
    "help": "Neden? Neler yapabilirsiniz",
}

# the demo booking page (a salon's page protected by the widget)
DEMO = {
    "title": "randevu alın",
    "tagline": "Saç · Tırnak · Güzellik — Blocklist ile korunan bir deneme rezervasyon sayfası",
    "appointment": "Randevunuz",
    "service": "Hizmet",
    "services": ["Manikür", "Pedikür", "Saç kesimi", "Saç boyama", "Kaş ve kirpik"],
    "starts_at": "Tarih ve saat",
    "about_you": "Bilgileriniz",
    "name": "Ad soyad",
    "email": "E-posta",
    "phone": "Telefon",
    "phone_country": "Ülke kodu",
    "phone_country_local": "salonun ülkesindeki gibi",
    "book": "Rezervasyon yap",
    "received": "Rezervasyon alındı",
    "thanks": "Teşekkürler,",
    "on": "—",
    "said": "Blocklist yanıtı:",
    "action": "işlem",
    "note": "Gerçek bir rezervasyon sistemi şimdi randevuyu kaydeder ve kapora ya da onay için o adımı atardı.",
}

# the Art. 14 notice (GDPR) to a person whose email is listed; one paragraph per item, never
# hard-wrapped (mail programs wrap to the reader's screen)
NOTICE = {
    "subject": "Salon rezervasyonları için Blocklist hizmetinde kaydınız bulunuyor",
    "paragraphs": [
        "Merhaba,",
        ("size GDPR'ın 14. maddesi uyarınca yazıyoruz; çünkü hakkınızda doğrudan sizden almadığımız veriler "
         "tutuyoruz."),
        ("Biz kimiz ve neden: {controller}, güzellik ve kuaför salonlarının sahte rezervasyonlara ve "
         "tekrarlanan gelmemelere karşı korunmak için ortaklaşa kullandığı Blocklist hizmetini işletir. "
         "Verilerinizi bu meşru menfaat için işliyoruz (GDPR md. 6(1)(f))."),
        "Tuttuğumuz veriler: {data} ve salonların bildirdikleri: {reasons}.",
        ("Nereden geldiği: bu bilgilerle rezervasyon yapılan salonlar bildirdi. Bir moderatör (bir insan) "
         "bildirimleri inceledi ve bilgileri listeye aldı; hizmeti kullanan salonlar bu bilgiler "
         "kullanıldığında kapora veya onay isteyebilir ya da rezervasyonu reddedebilir."),
        "Ne kadar süre: kayıt en geç {until} tarihinde sona erer ve ardından silinir.",
        ("Haklarınız: hakkınızda tuttuğumuz verilerin bir kopyasını isteyebilir, düzeltilmesini veya "
         "silinmesini, kullanımının kısıtlanmasını isteyebilir ve itiraz edebilirsiniz; bir veri koruma "
         "denetim makamına da şikâyette bulunabilirsiniz. Kayda itiraz etmek (incelediğimiz sürece hemen "
         "kısıtlanır) veya bu haklarınızı kullanmak için: {url}"),
        "Bu mesaj bir kez gönderilmiştir; yanıtlar okunmaz.",
    ],
    "email": "e-posta adresiniz",
    "phone": "telefon numaranız",
    "name": "rezervasyonda verilen isim",
    "end_of_period": "kayıt süresinin sonu",
    "unspecified": "rezervasyonlarla ilgili tekrarlanan sorunlar",
    "fake_booking": "gelme niyeti olmadan yapılan rezervasyonlar",
    "no_show": "randevulara gelmeme",
    "late_cancellation": "randevuları son anda iptal etme",
    "abusive": "personele karşı kötü davranış",
    "date": "%d.%m.%Y",
    "other_language": "Aynı bildirim İngilizce (in English):",
    "warning_subject": "Salon rezervasyonları için Blocklist hizmetinden bir uyarı",
    "warning": ("Bu bir uyarıdır, listeleme değildir: bu nedenle hiçbir rezervasyon reddedilmez. Salonlar bu "
                "bilgilerle yeni sahte rezervasyonlar veya gelmemeler bildirirse, bu kapora zorunluluğuna "
                "veya engellemeye yol açar."),
    "warning_source": ("Nereden geldiği: bu bilgilerle rezervasyon yapılan salonlar bildirdi. Bir moderatör "
                       "(bir insan) bildirimleri inceledi ve bilgileri listeye almak yerine sizi uyarmaya "
                       "karar verdi."),
    "warning_how_long": "Ne kadar süre: uyarı en geç {until} tarihine kadar saklanır ve ardından silinir.",
}

APPEAL_MESSAGES = {'code_subject': 'Blocklist itirazınızı doğrulama kodunuz',
 'code_mail': ['Merhaba,',
               '{controller} tarafından işletilen Blocklist hizmetindeki bir kayda itiraz ettiniz. Bu e-posta '
               'adresinin size ait olduğunu doğrulamak için geldiğiniz sayfaya şu kodu yazın: {code}',
               'Kod {minutes} dakika geçerlidir. İtirazınızı buradan da takip edebilirsiniz: {url}',
               'İtiraz göndermediyseniz bu mesajı dikkate almayın: kod olmadan hiçbir şey değişmez.'],
 'code_text': 'Blocklist: kodunuz {code} ({minutes} dk geçerli). İtiraz sayfasına yazın. İtiraz göndermediyseniz '
              'dikkate almayın.',
 'lifted_subject': 'Blocklist itirazınız: kayıt kaldırıldı',
 'lifted_mail': ['Merhaba,',
                 'bir moderatör itirazınızı inceledi ve kaydı kaldırdı. Bu bilgilerle yapılan rezervasyonlar artık '
                 'Blocklist tarafından durdurulmuyor.',
                 'Moderatörün yanıtı: {note}',
                 'İtirazınız: {url}'],
 'lifted_text': 'Blocklist: itirazınız kabul edildi ve kayıt kaldırıldı. Ayrıntılar: {url}',
 'upheld_subject': 'Blocklist itirazınız: kayıt yerinde kalıyor',
 'upheld_mail': ['Merhaba,',
                 'bir moderatör itirazınızı inceledi ve kaydın yerinde kalmasına karar verdi.',
                 'Moderatörün yanıtı: {note}',
                 'Bir veri koruma denetim makamına şikâyette bulunabilir veya {controller} ile şu adresten iletişime '
                 'geçebilirsiniz: {url}'],
 'upheld_text': 'Blocklist: itirazınız incelendi ve kayıt yerinde kalıyor. Ayrıntılar: {url}'}

PORTAL = {
    "portal": "Salon paneli", "skip": "İçeriğe geç", "sections": "Bölümler", "language": "Dil",
    "log_in": "Giriş yap", "log_out": "Çıkış", "logged_out": "Çıkış yaptınız.",
    "login_title": "Salonlar için Blocklist",
    "login_hint": "Sizi salonunuzun sahibi davet eder (sahipleri ise Blocklist ekibi). Davette şifrenizi "
                  "seçeceğiniz bir bağlantı vardır.",
    "login_wrong": "E-posta, şifre veya kod yanlış.",
    "login_too_many": "Çok fazla başarısız deneme. Birkaç dakika bekleyip yeniden deneyin.",
    "email": "E-posta", "password": "Şifre", "code": "Doğrulama uygulamanızdaki kod",
    "code_hint": "(iki adımlı giriş açıksa; ya da bir kurtarma kodu)",
    "invite_title": "Şifrenizi seçin",
    "invite_intro": "{salon} salonunun Blocklist paneline {email} olarak davet edildiniz.",
    "invite_gone_title": "Bu davet bağlantısı çalışmıyor",
    "invite_gone": "Daha önce kullanılmış ya da 7 günden eski. Sizi davet eden kişiden yenisini isteyin.",
    "new_password": "Yeni şifre", "password_rule": "(en az 12 karakter; yaygın bir şifre olmasın)",
    "password_again": "Aynı şifre tekrar", "set_password": "Şifremi belirle",
    "passwords_differ": "İki şifre aynı değil.", "password_refused": "Başka bir şifre seçin",
    "welcome": "Şifreniz belirlendi. Bir adım daha: iki adımlı girişi açın.",
    "mfa_title": "İki adımlı giriş",
    "mfa_enabled": "Girişte doğrulama uygulamanızdan bir kod istenir. Telefonu mu kaybettiniz? Bir kurtarma koduyla "
                   "girin ({left} kaldı) ya da salon sahibinden ikinci faktörü kaldırmasını isteyin.",
    "make_new_codes": "Yeni kurtarma kodları oluştur",
    "mfa_add": "Bu hesabı bir doğrulama uygulamasına ekleyin (herhangi bir TOTP uygulaması: 6 hane, 30 saniye), "
               "sonra gösterdiği kodu yazın.",
    "mfa_key": "Uygulama için anahtar", "mfa_link": "ya da bağlantı kabul eden uygulamalar için:",
    "mfa_code": "Uygulamadaki kod", "mfa_switch_on": "Aç",
    "mfa_required": "Panel her şeyden önce ikinci bir faktör ister: her girişte telefonunuzdaki doğrulama "
                    "uygulamasından bir kod.",
    "mfa_optional": "Girişinizi telefonunuzdaki doğrulama uygulamasından bir kodla koruyun.",
    "mfa_set_up": "İki adımlı girişi kur",
    "mfa_wrong": "Kod tutmadı. Telefonun saatini kontrol edip bir sonraki kodu deneyin.",
    "mfa_on": "İki adımlı giriş açık: kurtarma kodlarınız",
    "new_codes": "Yeni kurtarma kodları (öncekiler artık geçmez)",
    "codes_intro": "Her kurtarma kodu, telefonun kaybolduğu gün için, uygulama kodu yerine bir kez giriş sağlar. "
                   "Telefondan uzak, güvenli bir yerde saklayın.",
    "recovery_code": "Kurtarma kodu",
    "shown_once": "Bunu şimdi kopyalayın: yalnızca bir kez gösterilir.", "continue": "Devam",
    "back_to_portal": "Panele dön",
    "nav_home": "Genel bakış", "nav_report": "Müşteri bildir", "nav_lookup": "Sorgula", "nav_reports": "Bildirimlerim",
    "nav_outcomes": "Geldiler mi?", "nav_integration": "Rezervasyon sayfası", "nav_people": "Kişiler",
    "tile_report": "Biri sahte rezervasyon yaptı, gelmedi ya da geç iptal etti.",
    "tile_lookup": "Telefonla rezervasyon almadan önce müşteriyi kontrol edin.",
    "tile_reports": "Bildirimlerinize ne oldu.",
    "since_last_visit": "Son ziyaretinizden beri değişenler", "nothing_changed": "Bildirimlerinizde yeni bir şey yok.",
    "see_all_reports": "Tüm bildirimleriniz",
    "waiting_outcomes": "Bu müşteriler geldi mi?",
    "waiting_outcomes_intro": "Bu müşterileri sorguladınız ve biz onay istedik. Randevunun nasıl geçtiğini bize "
                              "söyleyin: liste böylece adil kalır.",
    "nothing_waiting": "Yanıt bekleyen rezervasyon yok.",
    "report_title": "Bir müşteriyi bildirin",
    "report_intro": "Kimse listeye girmeden önce her bildirimi bir moderatör okur. Bildiklerinizi yazın: ad, e-posta "
                    "ve telefondan ne kadar çoğu olursa kişiyi o kadar iyi tanırız.",
    "what_happened": "Ne oldu", "customer": "Müşteri", "name": "Ad soyad", "phone": "Telefon",
    "phone_country": "Telefon numarasının ülkesi",
    "phone_country_hint": "Ülke kodu (+…) olmadan yazılmış bir numara için.",
    "category_no_show": "Gelmedi", "category_no_show_hint": "(no-show)",
    "category_late_cancellation": "Geç iptal etti", "category_late_cancellation_hint": "(saati doldurmak için çok geç)",
    "category_fake_booking": "Sahte rezervasyon", "category_fake_booking_hint": "(uydurma ya da saatlerinizi kapatmak için)",
    "category_abusive": "Saldırgan", "category_abusive_hint": "(personele tehdit veya hakaret)",
    "booking": "Rezervasyon", "starts_at": "Randevu saati", "zone_hint": "(salonunuzun saati: {zone})",
    "service": "Hizmet", "reference": "Referans", "channel": "Rezervasyon", "channel_unknown": "—",
    "channel_online": "online", "channel_phone": "telefonla", "channel_walk_in": "salonda",
    "reached": "Müşteriye ulaştınız mı?", "reached_yes": "Evet, konuştuk", "reached_no": "Denedik, yanıt yok",
    "reached_not_tried": "Denemedik", "first_visit": "İlk ziyaretiydi",
    "notes": "Notlar", "notes_hint": "(moderatörün bilmesi gerekenler; sağlık veya başka hassas bilgi yazmayın)",
    "send_report": "Bildirimi gönder",
    "form_problems": "Lütfen bu alanları kontrol edin:",
    "field_category": "Ne oldu", "field_subject": "Müşteri", "field_subject_email": "E-posta",
    "field_subject_phone": "Telefon", "field_subject_name": "Ad soyad", "field_booking_starts_at": "Randevu saati",
    "field_evidence_notes": "Notlar",
    "report_received": "Bildirim alındı. Bir moderatör inceleyecek; sonucu burada göreceksiniz.",
    "report_already": "Bunu zaten bildirmiştiniz: işte o bildirim (yeni bir şey kaydedilmedi).",
    "lookup_title": "Bir müşteriyi sorgulayın",
    "lookup_intro": "Telefonla rezervasyon almadan önce: rezervasyon sayfanızın alacağı yanıtın aynısı.",
    "look_up": "Sorgula",
    "verdict_allow": "kabul et", "verdict_challenge": "önce onaylat", "verdict_block": "kabul etme",
    "verdict_allow_title": "Bilinen bir sorun yok", "verdict_allow_text": "Rezervasyonu her zamanki gibi kabul edin.",
    "verdict_challenge_title": "Kabul etmeden önce onaylatın", "verdict_block_title": "Bu rezervasyonu kabul etmeyin",
    "action_none": "Bu müşteri engel listesinde. Rezervasyonu almayın; müşteri kayda itiraz edebilir.",
    "action_require_confirmation": "Saati ayırmadan önce rezervasyonu onaylatmak için müşteriyi arayın veya yazın.",
    "action_require_deposit": "Saati ayırmadan önce kapora isteyin.",
    "why": "Neden",
    "why_email_blocked": "Bu e-posta engel listesinde.",
    "why_phone_blocked": "Bu telefon numarası engel listesinde.",
    "why_email_challenged": "Bu e-posta onay istenmek üzere listede.",
    "why_phone_challenged": "Bu telefon numarası onay istenmek üzere listede.",
    "why_email_similar_to_blocked": "E-posta, listedeki bir adrese çok benziyor.",
    "why_phone_similar_to_blocked": "Telefon numarası, listedeki bir numaraya benziyor.",
    "why_name_similar_to_blocked": "Ad, listedeki birininkine benziyor ve iletişim bilgilerinin bir kısmı tutuyor.",
    "why_name_only_similar_to_blocked": "Yalnızca ad listedeki birininkine benziyor: başka biri olabilir.",
    "why_reported_by_multiple_salons": "Birkaç salon bu müşteriyi yakın zamanda bildirdi (henüz incelenmedi).",
    "why_repeated_no_shows": "Bu müşteri birkaç randevuya gelmedi.",
    "why_disposable_email": "E-posta geçici (tek kullanımlık) bir adres.",
    "why_invalid_phone": "Telefon numarası geçerli bir numara değil.",
    "why_blocked_by_this_salon": "Salonunuzun bildirimi bu müşteriyi listeye aldı.",
    "why_listing_disputed": "Kişi kayda itiraz ediyor: reddetmek yerine onunla teyit edin.",
    "why_identity_misuse_reported": "Sahibi bu e-postanın veya telefonun başkası tarafından kullanıldığını söylüyor: "
                                    "onunla teyit edin.",
    "why_shared_identifier": "Bu e-postayı veya telefonu birkaç kişi kullanıyor; onunla bildirilen gelmemeler daha "
                             "az sayılır.",
    "why_warned": "Bir moderatör bu müşteriyi uyardı.",
    "why_typo_name_differs": "E-posta listedeki bir adresten tek harf farklı, ama ad başka.",
    "lookup_then": "Randevudan sonra müşterinin gelip gelmediğini bize söyleyin:",
    "booking_attended": "Geldi", "booking_no_show": "Gelmedi", "booking_late_cancellation": "Geç iptal etti",
    "booking_cancelled_in_time": "Zamanında iptal etti",
    "save": "Kaydet", "outcome_saved": "Kaydedildi. Teşekkürler: liste böylece adil kalır.",
    "outcomes_title": "Geldiler mi?",
    "outcomes_intro": "Son 30 günde sorguladığınız ve hizmetin hakkında bir şey bildiği müşteriler. Her randevunun "
                      "nasıl geçtiğini söyleyin: gelmeme bir bildirim gibi sayılır, gelen müşteri ise itibarını geri "
                      "kazanır.",
    "looked_up": "Sorgulandı", "answer": "Yanıt", "no_lookups": "Yanıtlanacak sorgu yok.",
    "outcome_by_reference": "Rezervasyon sayfanızdan gelen bir rezervasyon",
    "reference_hint": "(lkp_…, her “onaylat” veya “reddet” yanıtında gösterilir)",
    "reports_title": "Bildirimlerim", "status": "Durum", "status_any": "hepsi", "status_pending": "bekliyor",
    "status_confirmed": "karara bağlandı", "status_dismissed": "reddedildi", "status_withdrawn": "geri çekildi",
    "search": "Ad, e-posta, telefon veya referans", "show": "Göster",
    "searched": "En yeni {count} bildiriminiz arandı.", "sent": "Gönderildi", "outcome": "Sonuç", "new": "yeni",
    "no_reports": "Bildirim yok.", "next_page": "Sonraki sayfa →",
    "outcome_pending": "Moderatör bekleniyor", "outcome_withdrawn": "Siz geri çektiniz",
    "outcome_dismissed": "Reddedildi", "outcome_lifted": "Listedeydi; {date} tarihinde kaldırıldı",
    "outcome_blocked_until": "{date} tarihine kadar engelli", "outcome_blocked": "Kaldırılana kadar engelli",
    "outcome_challenged_until": "{date} tarihine kadar onay isteniyor", "outcome_challenged": "Onay isteniyor",
    "outcome_warned": "Uyarıldı: müşteriye bildirildi, listeye alınmadı",
    "reason_insufficient_evidence": "yetersiz kanıt", "reason_not_the_same_person": "aynı kişi değil",
    "reason_outside_policy": "engel listesinin amacı dışında", "reason_duplicate": "mükerrer bildirim",
    "reason_none": "gerekçe verilmedi",
    "listed": "listede", "kind_email": "e-posta", "kind_phone": "telefon", "scope_salon": "yalnızca salonunuz için",
    "scope_global": "tüm salonlar için",
    "report": "Bildirim", "report_id": "Bildirim numarası", "back_to_reports": "Bildirimlerime dön",
    "withdraw_intro": "Müşteri sonunda geldi mi, ya da yanlış kişiyi mi bildirdiniz? Bildirimi geri çekin.",
    "withdraw": "Bildirimi geri çek", "withdrawn": "Bildirim geri çekildi.",
    "integration_title": "Rezervasyon sayfanız",
    "integration_intro": "Kontrol, herkese açık bir anahtarla kendi rezervasyon sayfanızda çalışır; rezervasyon "
                         "yazılımınızın sunucusu gizli bir anahtar kullanabilir.",
    "snippet": "Rezervasyon sayfanız için kod",
    "snippet_intro": "Bunu rezervasyon formunuzun olduğu sayfada </body> etiketinden önce yapıştırın; data-form "
                     "formu belirtir.",
    "snippet_key_hint": "data-key içine herkese açık bir anahtar (bl_pk_…) yazın: aşağıda oluşturun. Bir kez gösterilir.",
    "check_page": "Sayfamı kontrol et", "booking_page_url": "Rezervasyon sayfanızın adresi", "check": "Kontrol et",
    "check_ok": "Tamam", "check_bad": "Sorun", "check_reachable": "Sayfa", "check_origin": "İzinli adres",
    "check_script": "Betik", "check_key": "Anahtar", "check_no_secret_key": "Gizli anahtar",
    "origins": "İzinli adresler",
    "origins_label": "Rezervasyon sayfalarınızın adresleri, her satıra bir tane (https://salonunuz.com.tr)",
    "origins_saved": "Kaydedildi: rezervasyon sayfalarınızdaki kontrol birkaç saniye içinde bu adreslerden çalışır.",
    "keys": "Anahtarlar", "key": "Anahtar", "key_kind": "Tür", "created": "Oluşturuldu", "revoked": "iptal edildi",
    "revoke": "İptal et", "new_key": "Yeni anahtar", "create": "Oluştur",
    "key_publishable": "herkese açık (rezervasyon sayfası)", "key_secret": "gizli (yazılımınızın sunucusu)",
    "key_created": "Yeni anahtar", "key_revoked": "Anahtar iptal edildi: bundan sonra reddedilir.",
    "publishable_key_intro": "Bu anahtar rezervasyon sayfanıza konur (herkesin görmesinde sakınca yok).",
    "secret_key_intro": "Bu anahtar yalnızca rezervasyon yazılımınızın sunucusu içindir: asla bir web sayfasına "
                        "koymayın.",
    "people_title": "Salonunuzdaki kişiler", "role": "Rol", "state": "Durum",
    "role_owner": "sahip", "role_staff": "personel",
    "roles_hint": "Personel bildirir, sorgular ve randevuları yanıtlar. Sahipler ayrıca rezervasyon sayfasını, "
                  "anahtarları ve kişileri yönetir.",
    "state_active": "etkin", "state_invited": "davet edildi", "state_no_mfa": "henüz iki adımlı giriş yok",
    "state_stopped": "erişim durduruldu",
    "invite_again": "Yeni davet bağlantısı", "reset_second_factor": "İkinci faktörü kaldır",
    "stop_access": "Erişimi durdur", "restore_access": "Erişimi geri ver",
    "invite_someone": "Birini davet edin", "invite": "Davet et",
    "invited": "{email} davet edildi", "invite_link": "Davet bağlantısı (7 gün geçerli)",
    "invite_mailed": "Bu bağlantıyı e-postayla gönderdik. Siz de iletebilirsiniz.",
    "invite_give": "Bu bağlantıyı kendiniz iletin (buradan e-posta gönderilmiyor).",
    "access_stopped": "Erişim durduruldu: oturumu kapatıldı.", "access_restored": "Erişim geri verildi.",
    "second_factor_reset": "İkinci faktör kaldırıldı: bir sonraki girişte yenisini kuracak.",
    "not_yourself": "Kendi hesabınız için değil",
    "webhooks": "Webhook'lar",
    "webhooks_intro": "Bir bildirimin sonucu değiştiğinde yazılımınız haberdar edilebilir (report.updated, imzalı): https adresini girin.",
    "webhook_url": "Adres (https://…)",
    "webhook_add": "Ekle",
    "webhook_secret": "İmza sırrı",
    "webhook_secret_intro": "Yazılımınız her mesajın Blocklist-Signature başlığını bu sırla doğrular.",
    "webhook_added": "Webhook eklendi",
    "webhook_deleted": "Webhook silindi: oraya artık bir şey gönderilmez.",
    "webhook_test": "Test gönder",
    "webhook_test_sent": "Bir test olayı yolda; teslimatı bir dakika içinde aşağıda görünür.",
    "delete": "Sil",
    "no_deliveries": "Henüz bir şey gönderilmedi.",
    "webhook_stopped": "durduruldu",
    "platform_webhook": "rezervasyon platformunuzun",
    "invite_mail_subject": "Blocklist: {salon} için erişiminiz",
    "invite_mail_body": "{salon} salonunun Blocklist paneline davet edildiniz.\n\nŞifrenizi {days} gün içinde buradan seçin:\n{link}\n\nPanelde sahte rezervasyon yapan ya da gelmeyen müşterileri bildirir, rezervasyon almadan önce müşterileri sorgular ve bildirimlerinize ne olduğunu görürsünüz.\n",
    "guard": {
        "not_found": "Böyle bir sayfa yok.", "failed": "Olmadı.", "forbidden": "İzin verilmiyor",
        "no_policy": "Bu sayfa bir erişim kuralı belirtmiyor.",
        "cross_site": "Başka sitelerden gönderilen formlar reddedilir.",
        "unavailable_title": "Kullanılamıyor",
        "unavailable": "Panel şu anda girişinizi kontrol edemiyor. Birazdan yeniden deneyin.",
        "elevated_only": "Bu sayfa salonunuzun sahipleri içindir.",
        "csrf": "Formun güvenlik belirteci eksikti (ya da süresi doldu). Sayfayı yenileyip yeniden deneyin.",
        "not_possible": "Mümkün değil",
    },
}
