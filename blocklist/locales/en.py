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

# the salon portal (/salon/): what salon staff read
PORTAL = {
    "portal": "Salon portal", "skip": "Skip to content", "sections": "Sections", "language": "Language",
    "log_in": "Log in", "log_out": "Log out", "logged_out": "You are logged out.",
    "login_title": "Blocklist for salons",
    "login_hint": "Your salon's owner invites you (or, for owners, the Blocklist team). The invitation has a link "
                  "where you choose your password.",
    "login_wrong": "Wrong email, password or code.",
    "login_too_many": "Too many failed attempts. Wait a few minutes and try again.",
    "email": "Email", "password": "Password", "code": "Code from your authenticator app",
    "code_hint": "(once two-step login is on; or a recovery code)",
    "invite_title": "Choose your password",
    "invite_intro": "You are invited to the Blocklist portal of {salon} as {email}.",
    "invite_gone_title": "This invitation link does not work",
    "invite_gone": "It was used already or is older than 7 days. Ask whoever invited you for a new one.",
    "new_password": "New password", "password_rule": "(at least 12 characters; not a common password)",
    "password_again": "The same password again", "set_password": "Set my password",
    "passwords_differ": "The two passwords are not the same.", "password_refused": "Choose another password",
    "welcome": "Your password is set. One more step: switch on two-step login.",
    "mfa_title": "Two-step login",
    "mfa_enabled": "Your login asks for a code from your authenticator app. Lost the phone? Log in with a recovery "
                   "code ({left} left), or ask your salon's owner to remove the second factor.",
    "make_new_codes": "Make new recovery codes",
    "mfa_add": "Add this account to an authenticator app (any TOTP app: 6 digits, 30 seconds), then type the code "
               "it shows.",
    "mfa_key": "Key for the app", "mfa_link": "or, for apps that take a link:", "mfa_code": "Code from the app",
    "mfa_switch_on": "Switch on",
    "mfa_required": "The portal needs a second factor before anything else: a code from an authenticator app on "
                    "your phone at every login.",
    "mfa_optional": "Protect your login with a code from an authenticator app on your phone.",
    "mfa_set_up": "Set up two-step login",
    "mfa_wrong": "That code did not match. Check the phone's clock and try the next code.",
    "mfa_on": "Two-step login is on: your recovery codes", "new_codes": "New recovery codes (the earlier ones no "
                                                                       "longer work)",
    "codes_intro": "Each recovery code logs you in once instead of a code from the app, for the day the phone is "
                   "lost. Keep them somewhere safe, away from the phone.",
    "recovery_code": "Recovery code",
    "shown_once": "Copy this now: it is shown only once.", "continue": "Continue",
    "back_to_portal": "Back to the portal",
    "nav_home": "Overview", "nav_report": "Report a customer", "nav_lookup": "Look up", "nav_reports": "My reports",
    "nav_outcomes": "Did they come?", "nav_integration": "Booking page", "nav_people": "People",
    "tile_report": "Someone booked falsely, did not come or cancelled late.",
    "tile_lookup": "Check a customer before you accept a booking by phone.",
    "tile_reports": "What became of your reports.",
    "since_last_visit": "Changed since your last visit", "nothing_changed": "Nothing new about your reports.",
    "see_all_reports": "All your reports",
    "waiting_outcomes": "Did these customers come?",
    "waiting_outcomes_intro": "You looked these customers up and we asked for a confirmation. Tell us how the "
                              "booking went: it keeps the list fair.",
    "nothing_waiting": "No booking waits for an answer.",
    "report_title": "Report a customer",
    "report_intro": "A moderator reads every report before anyone is listed. Give what you know: the more of name, "
                    "email and phone, the better we recognise the person.",
    "what_happened": "What happened", "customer": "Customer", "name": "Name", "phone": "Phone",
    "phone_country": "Country of the phone number",
    "phone_country_hint": "For a number typed without its country code (+…).",
    "category_no_show": "Did not come", "category_no_show_hint": "(no-show)",
    "category_late_cancellation": "Cancelled late", "category_late_cancellation_hint": "(too late to fill the slot)",
    "category_fake_booking": "Fake booking", "category_fake_booking_hint": "(made up, or to block your slots)",
    "category_abusive": "Abusive", "category_abusive_hint": "(threats or abuse towards staff)",
    "booking": "Booking", "starts_at": "Appointment time", "zone_hint": "(your salon's time: {zone})",
    "service": "Service", "reference": "Reference", "channel": "Booked", "channel_unknown": "—",
    "channel_online": "online", "channel_phone": "by phone", "channel_walk_in": "in person",
    "reached": "Did you reach the customer?", "reached_yes": "Yes, we spoke", "reached_no": "We tried, no answer",
    "reached_not_tried": "We did not try", "first_visit": "It was their first visit",
    "notes": "Notes", "notes_hint": "(what a moderator should know; no health or other sensitive details)",
    "send_report": "Send the report",
    "form_problems": "Please check these fields:",
    "field_category": "What happened", "field_subject": "Customer", "field_subject_email": "Email",
    "field_subject_phone": "Phone", "field_subject_name": "Name", "field_booking_starts_at": "Appointment time",
    "field_evidence_notes": "Notes",
    "report_received": "Report received. A moderator will review it; you will see the outcome here.",
    "report_already": "You reported this already: here is that report (nothing new was stored).",
    "lookup_title": "Look a customer up",
    "lookup_intro": "Before you accept a booking by phone: the same answer your booking page would get.",
    "look_up": "Look up",
    "verdict_allow": "accept", "verdict_challenge": "confirm first", "verdict_block": "do not accept",
    "verdict_allow_title": "No known problems", "verdict_allow_text": "Accept the booking as usual.",
    "verdict_challenge_title": "Confirm before you accept", "verdict_block_title": "Do not accept this booking",
    "action_none": "This customer is on the blocklist. Do not take the booking; they can contest the listing.",
    "action_require_confirmation": "Call or write to the customer to confirm the booking before you keep the slot.",
    "action_require_deposit": "Ask for a deposit before you keep the slot.",
    "why": "Why",
    "why_email_blocked": "This email is on the blocklist.",
    "why_phone_blocked": "This phone number is on the blocklist.",
    "why_email_challenged": "This email is listed for a confirmation.",
    "why_phone_challenged": "This phone number is listed for a confirmation.",
    "why_email_similar_to_blocked": "The email is very like one on the blocklist.",
    "why_phone_similar_to_blocked": "The phone number is like one on the blocklist.",
    "why_name_similar_to_blocked": "The name is like a listed person's, and part of the contact details matches.",
    "why_name_only_similar_to_blocked": "Only the name is like a listed person's: it may be someone else.",
    "why_reported_by_multiple_salons": "Several salons reported this customer recently (not reviewed yet).",
    "why_repeated_no_shows": "This customer did not come to several bookings.",
    "why_disposable_email": "The email is a throwaway address.",
    "why_invalid_phone": "The phone number is not a valid number.",
    "why_blocked_by_this_salon": "Your salon's report listed this customer.",
    "why_listing_disputed": "The person contests the listing: confirm with them rather than refuse.",
    "why_identity_misuse_reported": "The owner says someone else used this email or phone: confirm with them.",
    "why_shared_identifier": "Several people use this email or phone; no-shows reported with it count less.",
    "why_warned": "A moderator warned this customer.",
    "why_typo_name_differs": "The email is one letter from a listed one, but the name is different.",
    "lookup_then": "After the appointment, tell us whether the customer came:",
    "booking_attended": "Came", "booking_no_show": "Did not come", "booking_late_cancellation": "Cancelled late",
    "booking_cancelled_in_time": "Cancelled in time",
    "save": "Save", "outcome_saved": "Saved. Thank you: it keeps the list fair.",
    "outcomes_title": "Did they come?",
    "outcomes_intro": "Customers you looked up that the service knew something about, in the last 30 days. Say how "
                      "each booking went: a no-show counts like a report, and a customer who came earns their "
                      "standing back.",
    "looked_up": "Looked up", "answer": "Answer", "no_lookups": "No lookups to answer for.",
    "outcome_by_reference": "A booking made on your booking page",
    "reference_hint": "(lkp_…, shown with every confirm or refuse answer)",
    "reports_title": "My reports", "status": "Status", "status_any": "any", "status_pending": "waiting",
    "status_confirmed": "decided", "status_dismissed": "dismissed", "status_withdrawn": "withdrawn",
    "search": "Name, email, phone or reference", "show": "Show",
    "searched": "Searched your newest {count} reports.", "sent": "Sent", "outcome": "Outcome", "new": "new",
    "no_reports": "No reports here.", "next_page": "Next page →",
    "outcome_pending": "Waiting for a moderator", "outcome_withdrawn": "You withdrew it",
    "outcome_dismissed": "Dismissed", "outcome_lifted": "Was listed; lifted on {date}",
    "outcome_blocked_until": "Blocked until {date}", "outcome_blocked": "Blocked until lifted",
    "outcome_challenged_until": "Confirmation asked until {date}", "outcome_challenged": "Confirmation asked",
    "outcome_warned": "Warned: the customer was told, not listed",
    "reason_insufficient_evidence": "insufficient evidence", "reason_not_the_same_person": "not the same person",
    "reason_outside_policy": "outside what the blocklist is for", "reason_duplicate": "a duplicate",
    "reason_none": "no reason given",
    "listed": "listed", "kind_email": "email", "kind_phone": "phone", "scope_salon": "for your salon only",
    "scope_global": "for every salon",
    "report": "Report", "report_id": "Report number", "back_to_reports": "Back to my reports",
    "withdraw_intro": "The customer came after all, or you reported the wrong person? Take the report back.",
    "withdraw": "Withdraw the report", "withdrawn": "The report is withdrawn.",
    "integration_title": "Your booking page",
    "integration_intro": "The booking check runs on your own booking page with a publishable key; your booking "
                         "software's server can use a secret key.",
    "snippet": "The code for your booking page",
    "snippet_intro": "Paste this before </body> on the page with your booking form; data-form names the form.",
    "snippet_key_hint": "Put a publishable key (bl_pk_…) in data-key: create one below. It is shown once.",
    "check_page": "Check my page", "booking_page_url": "Your booking page's address", "check": "Check",
    "check_ok": "OK", "check_bad": "Problem", "check_reachable": "Page", "check_origin": "Allowed address",
    "check_script": "Script", "check_key": "Key", "check_no_secret_key": "Secret key",
    "origins": "Allowed addresses",
    "origins_label": "Addresses your booking pages are on, one a line (https://your-salon.com)",
    "origins_saved": "Saved: your booking pages' checks work from these addresses within seconds.",
    "keys": "Keys", "key": "Key", "key_kind": "Kind", "created": "Created", "revoked": "revoked",
    "revoke": "Revoke", "new_key": "New key", "create": "Create",
    "key_publishable": "publishable (booking page)", "key_secret": "secret (your software's server)",
    "key_created": "New key", "key_revoked": "Key revoked: it is refused from now on.",
    "publishable_key_intro": "This key goes into your booking page (it is fine for anyone to see).",
    "secret_key_intro": "This key is for your booking software's server only: never put it in a web page.",
    "people_title": "People at your salon", "role": "Role", "state": "State",
    "role_owner": "owner", "role_staff": "staff",
    "roles_hint": "Staff report, look up and answer bookings. Owners also manage the booking page, keys and people.",
    "state_active": "active", "state_invited": "invited", "state_no_mfa": "no two-step login yet",
    "state_stopped": "access stopped",
    "invite_again": "New invitation link", "reset_second_factor": "Remove second factor",
    "stop_access": "Stop access", "restore_access": "Restore access",
    "invite_someone": "Invite someone", "invite": "Invite",
    "invited": "{email} is invited", "invite_link": "Invitation link (valid 7 days)",
    "invite_mailed": "We emailed them this link. You can also give it to them yourself.",
    "invite_give": "Give them this link yourself (no email is sent from here).",
    "access_stopped": "Access stopped: they are logged out.", "access_restored": "Access restored.",
    "second_factor_reset": "Second factor removed: they set up a new one at their next login.",
    "not_yourself": "Not for your own account",
    "webhooks": "Webhooks",
    "webhooks_intro": "Your software can be told when a report's outcome changes (report.updated, signed): give its https address.",
    "webhook_url": "Address (https://…)",
    "webhook_add": "Add",
    "webhook_secret": "Signing secret",
    "webhook_secret_intro": "Your software checks each message's Blocklist-Signature with this secret.",
    "webhook_added": "Webhook added",
    "webhook_deleted": "Webhook deleted: nothing more is sent there.",
    "webhook_test": "Send a test",
    "webhook_test_sent": "A test event is on its way; its delivery shows below within a minute.",
    "delete": "Delete",
    "no_deliveries": "Nothing sent yet.",
    "webhook_stopped": "stopped",
    "platform_webhook": "your booking platform's",
    "invite_mail_subject": "Blocklist: your access for {salon}",
    "invite_mail_body": "You are invited to the Blocklist salon portal for {salon}.\n\nChoose your password here within {days} days:\n{link}\n\nIn the portal you report customers who booked falsely or did not come, look customers up before accepting a booking, and see what happened to your reports.\n",
    "guard": {
        "not_found": "That page does not exist.", "failed": "That did not work.", "forbidden": "Not allowed",
        "no_policy": "This page declares no access policy.", "cross_site": "Forms sent from other sites are refused.",
        "unavailable_title": "Unavailable",
        "unavailable": "The portal cannot check your login right now. Try again in a moment.",
        "elevated_only": "This page is for your salon's owners.",
        "csrf": "The form was missing its security token (or it expired). Reload the page and try again.",
        "not_possible": "Not possible",
    },
}
