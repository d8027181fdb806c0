"""English: every text a person reads in this language (the transparency page, the booking
widget, the Art. 14 notice). Adding a language is adding one file like this and naming it in
blocklist/locales/__init__.py."""

NAME = "English"
# the country a phone typed without its country code is most likely from, for people reading this
# language (None where the language spans many countries)
PHONE_COUNTRY = None
RIGHT_TO_LEFT = False

TRANSPARENCY = {
    "title": "How Blocklist works",
    "intro": ("Blocklist helps beauty salons protect their appointment books from deliberate fake bookings and "
              "repeated no-shows. Salons report customers; nobody is listed by a report alone."),
    "criteria_h": "Who can be listed",
    "criteria": ("Only a person whose booking behaviour was reported by a salon (fake bookings, repeated "
                 "no-shows, late cancellations, abusive behaviour) and whose case a moderator reviewed. A name "
                 "alone never leads to a block; listings are on an email address or phone number."),
    "decisions_h": "How decisions are made",
    "decisions": ("A human moderator decides every block, after reading every salon's report. Unreviewed "
                  "reports may ask a salon to confirm a booking or take a deposit, never to refuse it. When a "
                  "listing is contested and the person confirms with a code that the email or phone is theirs, "
                  "it is restricted at once: until it is resolved it can at most ask for a confirmation."),
    "standing_h": "Earning your standing back",
    "standing": 'A listing ends when a moderator lifts it or when its period is over. From then on, the no-shows it was decided on no longer ask for a deposit; only no-shows reported after it ended count. And once a salon tells us you came to a booking, no earlier no-show counts.',
    "retention_h": "How long data is kept",
    "retention": ("A listing lasts {default} months unless the moderator chooses less, and never more than "
                  "{maximum} months. Reports nobody reviewed are deleted after {pending} days. Dismissed and "
                  "withdrawn reports lose their personal data after {closed} days. Records of checks are kept "
                  "for 30 days. Emails and phone numbers are stored as keyed hashes and encrypted."),
    "rights_h": "Your rights",
    "rights": ("You can ask what we hold about you, have it corrected or erased, and contest a listing. Use the "
               "form below with the email or phone number that was used for the booking; we answer within one "
               "month."),
    "form_h": "Contest a listing",
    "name": "Your name",
    "email": "Email",
    "phone": "Phone",
    "message": "What happened?",
    "send": "Send",
    "sent": "Thank you. We received your request ({id}); a moderator will review it.",
    "need_contact": "Give the email or phone number that was used for the booking.",
    "need_message": "Give your name and tell us what happened.",
    "country": "Country of the phone number",
    "country_none": "— (I typed the country code)",
    "phone_unreadable": ("We could not read this phone number. Choose its country, or write it with the country "
                         "code (e.g. +48 601 234 567)."),
    "email_unreadable": "We could not read this email address. Check it and send the form again.",
    "stopped": ("A salon's booking page checked the details you gave and did not take the booking online "
                "(reference {ref}). Below: why that can happen, and how to contest it. The form is already "
                "filled in with the reference."),
    "operator": "Blocklist is run by {controller}, who is responsible for your data. To reach them: {contact}.",
    "never_booked": "I never made this booking: someone else used my email address or phone number",
    "appeal_h": "Your appeal",
    "status_awaiting_verification": "Waiting for you to confirm that the email or phone is yours.",
    "status_received": "Confirmed. A moderator will review it; the answer comes by email and on this page.",
    "status_lifted": "Resolved: the listing was lifted. Bookings with these details are no longer stopped.",
    "status_upheld": "Resolved: the listing stays in place.",
    "verify_email": ("We sent a 6-digit code to the email address you gave. Type it here to confirm the address is "
                     "yours. Until then nothing changes."),
    "verify_phone": ("We sent a 6-digit code by text message to the phone number you gave. Type it here to confirm "
                     "the number is yours. Until then nothing changes."),
    "verify_none": ("We cannot send you a code here, so we cannot confirm that these details are yours. A moderator "
                    "will still read your appeal, but the listing stays as it is until they decide."),
    "code": "Code",
    "verify": "Confirm",
    "code_wrong": "That code is not right. Check it and try again.",
    "code_locked": "Too many wrong codes: this appeal is locked. If you need to, send a new appeal.",
    "code_expired": "This code has expired. Ask for a new one below.",
    "resend": "Send me a new code",
    "resent": "A new code is on its way.",
    "resend_refused": "No new code can be sent now (one was sent less than a minute ago, or three were sent).",
    "verified": ("Thank you, confirmed. While a moderator reviews your appeal, this listing can at most ask a salon "
                 "to confirm your booking."),
    "moderator_note": "The moderator's answer:",
    "follow_unknown": "This appeal can only be shown from the link in the email we sent you, or in the browser that sent it.",
}

WIDGET = {
    "block": "Sorry, we can't accept this booking online. Please contact the salon directly.",
    "require_deposit": "This booking needs a deposit to be confirmed. The salon will tell you how to pay it.",
    "require_confirmation": "The salon will contact you to confirm this booking before it is final.",
    "proceed": "Continue",
    "help": "Why? What you can do",
}

# the demo booking page (a salon's page protected by the widget)
DEMO = {
    "title": "book an appointment",
    "tagline": "Hair · Nails · Beauty — a demo booking page protected by Blocklist",
    "appointment": "Your appointment",
    "service": "Service",
    "services": ["Manicure", "Pedicure", "Haircut", "Hair colouring", "Brows and lashes"],
    "starts_at": "Date and time",
    "about_you": "About you",
    "name": "Full name",
    "email": "Email",
    "phone": "Phone",
    "phone_country": "Country code",
    "phone_country_local": "as written in the salon's country",
    "book": "Book now",
    "received": "Booking received",
    "thanks": "Thank you,",
    "on": "on",
    "said": "Blocklist said:",
    "action": "action",
    "note": ("A real booking system would now save the appointment and, for a deposit or confirmation, take "
             "that step."),
}

# the Art. 14 notice (GDPR) to a person whose email is listed; one paragraph per item, never
# hard-wrapped (mail programs wrap to the reader's screen)
NOTICE = {
    "subject": "You have been listed by the Blocklist service for salon bookings",
    "paragraphs": [
        "Hello,",
        ("we are writing under Article 14 of the GDPR because we hold data about you that we did not collect "
         "from you."),
        ("Who we are and why: {controller} runs Blocklist, a service that beauty and hair salons share to "
         "protect themselves from fake bookings and repeated no-shows. We process your data for that "
         "legitimate interest (Art. 6(1)(f) GDPR)."),
        "What we hold: {data}, and what salons reported: {reasons}.",
        ("Where it came from: salons at which bookings were made under these details reported them. A human "
         "moderator reviewed the reports and listed the details; salons that use the service may ask for a "
         "deposit or confirmation, or decline a booking, when these details are used."),
        "How long: the listing ends on {until} at the latest, and is then deleted.",
        ("Your rights: you may ask for a copy of the data we hold about you, have it corrected or erased, "
         "have its use restricted, and object to it; you may also complain to a data-protection supervisory "
         "authority. To contest the listing (it is restricted at once while we review it) or to use any of "
         "these rights, see {url}"),
        "This message was sent once; replies are not read.",
    ],
    "email": "your email address",
    "phone": "your phone number",
    "name": "the name given when booking",
    "end_of_period": "the end of its listing period",
    "unspecified": "repeated problems with bookings",
    "fake_booking": "bookings made with no intention to attend",
    "no_show": "not attending booked appointments",
    "late_cancellation": "cancelling appointments at the last minute",
    "abusive": "abusive behaviour towards staff",
    "date": "%d %B %Y",
    "other_language": "The same notice in English:",
    "warning_subject": "A warning from the Blocklist service for salon bookings",
    "warning": ("This is a warning, not a listing: no booking is refused because of it. If salons report "
                "further fake bookings or no-shows under these details, they will lead to a deposit "
                "requirement or a block."),
    "warning_source": ("Where it came from: salons at which bookings were made under these details reported "
                       "them. A human moderator reviewed the reports and decided to warn you rather than list "
                       "the details."),
    "warning_how_long": "How long: the warning is kept until {until} at the latest, and is then deleted.",
}

# messages about an appeal: the code that proves the email or phone is the person's, and the answer
APPEAL_MESSAGES = {
    "code_subject": "Your code to confirm your Blocklist appeal",
    "code_mail": [
        "Hello,",
        "you contested a listing on the Blocklist service run by {controller}. To confirm this email address is yours, type this code on the page you came from: {code}",
        "It is valid for {minutes} minutes. You can also follow your appeal here: {url}",
        "If you did not send an appeal, ignore this message: nothing changes without the code.",
    ],
    "code_text": "Blocklist: your code is {code} (valid {minutes} min). Type it on the appeal page. If you sent no appeal, ignore this.",
    "lifted_subject": "Your Blocklist appeal: the listing was lifted",
    "lifted_mail": [
        "Hello,",
        "a moderator reviewed your appeal and lifted the listing. Bookings with these details are no longer stopped by Blocklist.",
        "The moderator's answer: {note}",
        "Your appeal: {url}",
    ],
    "lifted_text": "Blocklist: your appeal was accepted and the listing lifted. Details: {url}",
    "upheld_subject": "Your Blocklist appeal: the listing stays in place",
    "upheld_mail": [
        "Hello,",
        "a moderator reviewed your appeal and decided that the listing stays in place.",
        "The moderator's answer: {note}",
        "You can complain to a data-protection supervisory authority, or reach {controller} through {url}",
    ],
    "upheld_text": "Blocklist: your appeal was reviewed and the listing stays in place. Details: {url}",
}
