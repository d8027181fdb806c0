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
