# ruff: noqa: E501 - one route per line, however long: the table is read down the page
"""Who may open which address: every route of the URL configuration (and every operation of
the OpenAPI document) for every kind of person, on objects of their own village, section and
office and of others. `test_authorization.py` runs it and FAILS for a route without an entry.

One line per route, keyed by its URL name (`namespace:name`; a route without a name by its
pattern; `name#variant` for a second entry of the same route). `get`/`post` for pages, `api`
for the REST API, `open311` for a GeoReport method called with the actor's own `api_key`
(its `#session` variants check that a session alone opens nothing there). The objects come from `tests_support/world.py`: the case, alert, meeting…
of the village Inan (`desa-inan`), section PMD (`pmd`; Trantib, `trantib`, for the early
warning) and office Paringin Selatan. Anyone not named in `ok`/`deny`/`bad`/`conflict` gets
404 (the object is not theirs to know about), the anonymous visitor the login page.

    ok       200/201/204 or a redirect that is not the login page
    deny     403: they know it exists, their role may not do it
    bad      400: past the rights check, the (empty) form is refused
    conflict 409: past the rights check, the object's state refuses it
    hidden   404 for those (the anonymous visitor) who would otherwise get the login page

Adding a route: add one line here (see docs/new-feature.md); run
`AUTHZ_PRINT=1 pytest apps/core/tests/test_authorization.py` to see what every actor gets.
"""

from .authz import (  # noqa: F401 - every actor and class, for the lines still to come
    ANON,
    CONFLICT,
    DENY,
    EVERYONE,
    FOREIGN,
    HEAD,
    HIDDEN,
    INSPECTOR,
    ISSUER,
    LEADERS,
    LOGIN,
    MEMBERS_ELSEWHERE,
    OFFICER,
    OFFICER_OTHER,
    OFFICERS,
    READERS,
    SECRETARY,
    SIGNED_IN,
    STAFF,
    VILLAGE,
    VILLAGE_ELSEWHERE,
    VILLAGE_OTHER,
    VILLAGES,
    VILLAGES_HERE,
    api,
    get,
    open311,
    post,
)

CASE_READERS = READERS | {VILLAGE}  # the village that raised it, its office, the inspector
SEES_VILLAGE = READERS | {VILLAGE}  # anything of one village: it, its office, the inspector
OWN_OFFICE = LEADERS | {FOREIGN}  # pages of whichever office one leads (Paringin's camat: his)
READINESS_WRITERS = LEADERS | {ISSUER, VILLAGE}
ISSUERS = LEADERS | {ISSUER}
NOT_VILLAGES = SIGNED_IN - VILLAGES
ASPIRATION_HANDLERS = LEADERS | {OFFICER}  # the aspiration's category routes to PMD

# fmt: off
ROUTES = {
    # --- public, accounts -------------------------------------------------------------------
    "public:landing": get(ok=EVERYONE),
    "accounts:login": get(ok=EVERYONE),
    "accounts:logout": post(ok=EVERYONE, audited=False),
    "accounts:profile": get(ok=SIGNED_IN),
    "accounts:switch_membership": post(),  # no membership chosen: nothing to switch to
    "accounts:password_change": get(ok=SIGNED_IN),
    "accounts:two_factor": get(ok=SIGNED_IN),
    "accounts:two_factor_verify": get(ok=SIGNED_IN),
    "accounts:password_reset": get(ok=EVERYONE),
    "accounts:password_reset_done": get(ok=EVERYONE),
    "accounts:password_reset_confirm": get("uidb64='MQ' token='x-y'", ok=EVERYONE),
    "accounts:password_reset_complete": get(ok=EVERYONE),
    "accounts:user_list": get(ok=OWN_OFFICE),
    "accounts:user_create": get(ok=OWN_OFFICE),
    "accounts:user_add_existing": get(ok=OWN_OFFICE),
    "accounts:user_edit": get("pk=pmd_membership", ok=LEADERS),
    "accounts:user_send_password_link": post("pk=pmd_membership", ok=LEADERS),
    "api_tokens:create": post(ok=SIGNED_IN, audited=False),
    "api_tokens:revoke": post("pk=token", ok={VILLAGE}),  # Inan's official's own token
    # --- dashboard, Kelola ---------------------------------------------------------------------
    "dashboard:home": get(ok=SIGNED_IN),
    "dashboard:office_detail": get("slug=office.slug", ok=READERS),
    "dashboard:office_logo": get("slug=office.slug"),  # the office has no logo
    "dashboard:village_detail": get("slug=office.slug village=village.slug", ok=SEES_VILLAGE),
    "dashboard:village_export": get("slug=office.slug village=village.slug", ok=LEADERS, deny=SEES_VILLAGE - LEADERS),  # the handover ZIP
    "dashboard:manage_index": get(ok=OWN_OFFICE),
    "dashboard:manage_office": get(ok=OWN_OFFICE),
    "dashboard:masterdata_list": get("kind='kategori'", ok=OWN_OFFICE),
    "dashboard:masterdata_create": get("kind='kategori'", ok=OWN_OFFICE),
    "dashboard:masterdata_edit": get("kind='kategori' pk=category", ok=LEADERS),
    # --- cases -------------------------------------------------------------------------------
    "cases:list": get(ok=SIGNED_IN),  # each sees their own scope (test_idor.py)
    "cases:submit": get(ok=VILLAGES),
    "cases:export": get(ok=SIGNED_IN),
    "cases:detail": get("key=case.tracking_number", ok=CASE_READERS),
    "cases:print": get("key=case.tracking_number", ok=CASE_READERS),
    "cases:action": post("key=case_new.tracking_number action='dispose'", ok=LEADERS, deny=CASE_READERS - LEADERS, data="section=section instruction='Segera.'"),
    "cases:action#confirm": post("key=case.tracking_number action='confirm'", bad=CASE_READERS),
    "cases:comment": post("key=case.tracking_number", ok=STAFF | {VILLAGE}, deny={INSPECTOR}, data="body='Terima kasih.'"),
    "cases:follow_up_add": post("key=case.tracking_number", ok=LEADERS | {OFFICER}, deny={VILLAGE, ISSUER, OFFICER_OTHER, INSPECTOR}, data="action='Rapat desa' owner_kind='seksi' owner_section=section due_date=due_date"),
    "cases:follow_up_complete": post("key=case.tracking_number pk=open_follow_up", ok=LEADERS | {OFFICER}, deny={VILLAGE, ISSUER, OFFICER_OTHER, INSPECTOR}, data="note='Sudah.'"),
    "cases:attachment": get("key=case_new.tracking_number token=attachment.token", ok=CASE_READERS),
    "cases:shared_issue_create": get("key=case_new.tracking_number", ok=LEADERS | {OFFICER}),
    "cases:shared_issue": get("pk=shared_issue", ok=READERS),
    # --- early warning -----------------------------------------------------------------------
    "alerts:list": get(ok=SIGNED_IN),
    "alerts:create": get(ok=ISSUERS | {FOREIGN}),
    "alerts:import": get(ok=ISSUERS | {FOREIGN}),
    "alerts:escalations": get(ok=ISSUERS | {INSPECTOR, FOREIGN}),
    "alerts:detail": get("pk=alert", ok=SEES_VILLAGE),  # Bungin was not warned
    "alerts:edit": get("pk=alert", ok=ISSUERS),
    "alerts:acknowledge": post("pk=alert", ok={VILLAGE}, data="state='aman'"),
    "alerts:action": post("pk=alert action='cancel'", ok=ISSUERS, refused=SEES_VILLAGE - ISSUERS, data="reason='Air surut.'"),
    "alerts:incidents": get(ok=SIGNED_IN),
    "alerts:incident_create": get(ok=ISSUERS | VILLAGES | {FOREIGN}),
    "alerts:incident": get("pk=incident", ok=SEES_VILLAGE),
    "alerts:incident_action": post("pk=incident action='verify'", ok=ISSUERS, refused=SEES_VILLAGE - ISSUERS),
    "alerts:incident_photo": get("pk=incident token=incident_photo.token", ok=SEES_VILLAGE),
    "alerts:readiness": get(ok=SIGNED_IN),  # a village is sent to its own page
    "alerts:readiness_village": get("village=village", ok=SEES_VILLAGE),
    "alerts:readiness_checklist": get("village=village", ok=READINESS_WRITERS),
    "alerts:readiness_record_create": get("village=village kind='kontak'", ok=READINESS_WRITERS),
    "alerts:readiness_record_edit": get("village=village kind='kontak' pk=contact", ok=READINESS_WRITERS),
    "alerts:readiness_record_delete": post("village=village kind='kontak' pk=contact", ok=READINESS_WRITERS),
    "alerts:feed": get(ok=EVERYONE),  # published alerts are public (Atom, CAP)
    # --- follow-ups --------------------------------------------------------------------------
    "follow_ups:board": get(ok=SIGNED_IN),
    "follow_ups:complete": post("pk=open_follow_up", ok=LEADERS | {OFFICER}, refused={VILLAGE, ISSUER, OFFICER_OTHER, INSPECTOR}, data="note='Sudah.'"),
    "follow_ups:evidence": get("token=evidence.token", ok=CASE_READERS),
    "follow_ups:export": get(ok=SIGNED_IN),  # each their own scope, as the board
    # --- agenda ------------------------------------------------------------------------------
    "meetings:agenda": get(ok=SIGNED_IN),
    "meetings:meetings": get(ok=SIGNED_IN),
    "meetings:meeting_create": get(ok=STAFF | {FOREIGN}),
    "meetings:meeting": get("pk=meeting", ok=SEES_VILLAGE),
    "meetings:meeting_step": post("pk=upcoming step='cancel'", ok=LEADERS | {OFFICER}, deny=SEES_VILLAGE - LEADERS - {OFFICER}, data="reason='Bentrok jadwal.'"),
    "meetings:check_in": get("pk=upcoming token=upcoming.checkin_token", ok=SEES_VILLAGE),
    "meetings:meeting_qr": get("pk=upcoming", ok=LEADERS | {OFFICER}),
    "meetings:meeting_pdf": get("pk=meeting document='undangan'", ok=SEES_VILLAGE),
    "meetings:meeting_photo": get("pk=meeting token=meeting_photo.token", ok=SEES_VILLAGE),
    "meetings:attendance_export": get("pk=meeting", ok=SEES_VILLAGE),  # a village: its own people
    "meetings:consultations": get(ok=SIGNED_IN),
    "meetings:consultation_book": get(ok=VILLAGES),
    "meetings:consultation": get("pk=consultation", ok=SEES_VILLAGE),
    "meetings:consultation_step": post("pk=consultation step='confirm'", ok=LEADERS | {OFFICER}, refused=SEES_VILLAGE - LEADERS - {OFFICER}),
    "meetings:feed_settings": get(ok=SIGNED_IN),
    "meetings:feed": get("token=feed.token", ok=EVERYONE),  # the secret address is the key
    # --- village reports ---------------------------------------------------------------------
    "village_reports:due": get(ok=SIGNED_IN),
    "village_reports:matrix": get(ok=READERS | {FOREIGN}),
    "village_reports:matrix_export": get(ok=READERS | {FOREIGN}),
    "village_reports:stunting": get(ok=READERS | {FOREIGN}),
    "village_reports:stunting_export": get(ok=READERS | {FOREIGN}),
    "village_reports:fill": get("obligation=obligation period=period", ok=VILLAGES_HERE),
    "village_reports:detail": get("pk=submission", ok=SEES_VILLAGE),
    "village_reports:review": post("pk=submission step='accept'", ok=LEADERS, deny=SEES_VILLAGE - LEADERS),
    "village_reports:file": get("pk=submission token=report_file.token", ok=SEES_VILLAGE),
    # --- aspirations: a citizen's form and code are public; the inbox is the office staff's,
    # a section's officer seeing their section's only; never villages nor the inspector -------
    "aspirations:submit": get(ok=EVERYONE),
    "aspirations:lookup": get(ok=EVERYONE),
    "aspirations:track": get("code=aspiration.tracking_code", ok=EVERYONE),
    "aspirations:inbox": get(ok=STAFF | {FOREIGN}),
    "aspirations:detail": get("pk=aspiration", ok=ASPIRATION_HANDLERS),
    "aspirations:photo": get("pk=aspiration", ok=ASPIRATION_HANDLERS),
    "aspirations:action": post("pk=aspiration step='review'", ok=ASPIRATION_HANDLERS),
    # --- knowledge base: published articles by visibility, drafts and writing for the staff --
    "knowledge:list": get(ok=EVERYONE),  # each sees what they may read
    "knowledge:create": get(ok=STAFF | {FOREIGN}),
    "knowledge:suggest": get(ok=EVERYONE),
    "knowledge:from_case": get("key=resolved_case.tracking_number", ok=STAFF),
    "knowledge:detail": get("pk=article_public", ok=EVERYONE),
    "knowledge:detail#villages": get("pk=article_villages", ok=READERS | VILLAGES_HERE, hidden={ANON}),
    "knowledge:detail#staff": get("pk=article_staff", ok=READERS, hidden={ANON}),
    "knowledge:detail#draft": get("pk=article_draft", ok=STAFF, hidden={ANON}),
    "knowledge:edit": get("pk=article_draft", ok=STAFF),
    "knowledge:file": get("pk=article_villages token=article_file.token", ok=READERS | VILLAGES_HERE, hidden={ANON}),
    # --- monitoring --------------------------------------------------------------------------
    "monitoring:dashboard": get(ok=READERS | {FOREIGN}),
    "monitoring:export": get(ok=READERS | {FOREIGN}),
    "monitoring:compare": get(ok={INSPECTOR}),
    "monitoring:compare_export": get(ok={INSPECTOR}),
    "monitoring:reports": get(ok=READERS | {FOREIGN}),
    "monitoring:report_status": get("pk=activity_report", ok=READERS),
    "monitoring:report_file": get("pk=activity_report", ok=READERS),
    # --- notifications, language, health -----------------------------------------------------
    "notifications:list": get(ok=SIGNED_IN),
    "notifications:read": post(ok=SIGNED_IN, audited=False),
    "set_language": post(ok=EVERYONE, audited=False),
    "healthz": get(ok=EVERYONE),
    "service_worker": get(ok=EVERYONE),
    "kept": get(ok=EVERYONE),
    # --- the platform's own admin: staff accounts only, and nobody here is one ---------------
    "admin:*": get(default=LOGIN),
    "admin:login": get(ok=EVERYONE),
    "admin:logout": get(ok=EVERYONE),
    # --- REST API (writes with real bodies, and other villages' ids: test_idor.py) -----------
    "api:token": api("POST", bad=EVERYONE),
    "api:token#delete": api("DELETE", default=LOGIN),  # a bearer token only, not a session
    "api:me": api("GET", ok=SIGNED_IN),
    "api:villages": api("GET", ok=SIGNED_IN),
    "api:sections": api("GET", ok=SIGNED_IN),
    "api:categories": api("GET", ok=SIGNED_IN),
    "api:cases": api("GET", ok=SIGNED_IN),
    "api:cases#post": api("POST", bad=VILLAGES, deny=NOT_VILLAGES),
    "api:case": api("GET", "key=case.tracking_number", ok=CASE_READERS),
    "api:case_comments": api("GET", "key=case.tracking_number", ok=CASE_READERS),
    "api:case_comments#post": api("POST", "key=case.tracking_number", bad=STAFF | {VILLAGE}, deny={INSPECTOR}),
    "api:case_follow_ups": api("GET", "key=case.tracking_number", ok=CASE_READERS),
    "api:case_follow_ups#post": api("POST", "key=case.tracking_number", bad=LEADERS | {OFFICER}, deny={VILLAGE, ISSUER, OFFICER_OTHER, INSPECTOR}),
    "api:case_follow_up_complete": api("POST", "key=case.tracking_number fid=open_follow_up", ok=LEADERS | {OFFICER}, deny={VILLAGE, ISSUER, OFFICER_OTHER, INSPECTOR}, data="note='Sudah.'"),
    "api/v1/cases/<str:key>/actions/verify": api("POST", "key=case_new.tracking_number", conflict=LEADERS, deny=CASE_READERS - LEADERS),
    "api/v1/cases/<str:key>/actions/return": api("POST", "key=case_new.tracking_number", bad=LEADERS, deny=CASE_READERS - LEADERS),
    "api/v1/cases/<str:key>/actions/resubmit": api("POST", "key=case_new.tracking_number", bad={VILLAGE}, deny=READERS),
    "api/v1/cases/<str:key>/actions/reject": api("POST", "key=case_new.tracking_number", bad=LEADERS, deny=CASE_READERS - LEADERS),
    "api/v1/cases/<str:key>/actions/dispose": api("POST", "key=case_new.tracking_number", bad=LEADERS, deny=CASE_READERS - LEADERS),
    "api/v1/cases/<str:key>/actions/assign": api("POST", "key=case.tracking_number", conflict=LEADERS | {OFFICER}, deny={VILLAGE, ISSUER, OFFICER_OTHER, INSPECTOR}),
    "api/v1/cases/<str:key>/actions/answer": api("POST", "key=case.tracking_number", bad=LEADERS | {OFFICER}, deny={VILLAGE, ISSUER, OFFICER_OTHER, INSPECTOR}),
    "api/v1/cases/<str:key>/actions/refer": api("POST", "key=case.tracking_number", bad=LEADERS | {OFFICER}, deny={VILLAGE, ISSUER, OFFICER_OTHER, INSPECTOR}),
    "api/v1/cases/<str:key>/actions/confirm": api("POST", "key=case.tracking_number", bad={VILLAGE}, deny=READERS),
    "api/v1/cases/<str:key>/actions/reopen": api("POST", "key=case.tracking_number", bad={VILLAGE}, deny=READERS),
    "api/v1/cases/<str:key>/actions/referral_outcome": api("POST", "key=case.tracking_number", bad=LEADERS | {OFFICER}, deny={VILLAGE, ISSUER, OFFICER_OTHER, INSPECTOR}),
    "api:case_action": api("POST", "key=case.tracking_number action='no-such-step'"),
    "api:alerts": api("GET", ok=SIGNED_IN),
    "api:alert_cap": api("GET", "pk=alert", ok=EVERYONE),  # a published CAP message is public
    "api:alert": api("GET", "pk=alert", ok=SEES_VILLAGE),
    "api:alert_acknowledge": api("POST", "pk=alert", bad={VILLAGE}, deny=READERS),
    "api:incidents": api("GET", ok=SIGNED_IN),
    "api:incidents#post": api("POST", bad=SIGNED_IN - {OFFICER, OFFICER_OTHER, INSPECTOR}, deny={OFFICER, OFFICER_OTHER, INSPECTOR}),  # the role before the body; a real body: test_idor.py
    "api:incident": api("GET", "pk=incident", ok=SEES_VILLAGE),
    "api:readiness": api("GET", "village=village", ok=SEES_VILLAGE),
    "api:meetings": api("GET", ok=SIGNED_IN),
    "api:meetings#post": api("POST", bad=STAFF | {FOREIGN}, deny=VILLAGES | {INSPECTOR}),
    "api:meeting": api("GET", "pk=meeting", ok=SEES_VILLAGE),
    "api:meeting_attendance": api("GET", "pk=upcoming", ok=SEES_VILLAGE),
    "api:meeting_attendance#post": api("POST", "pk=upcoming", bad={VILLAGE}, deny=SEES_VILLAGE - {VILLAGE}),  # an invitee checks in
    "api:consultations": api("GET", ok=SIGNED_IN),
    "api:consultations#post": api("POST", bad=VILLAGES, deny=SIGNED_IN - VILLAGES),  # villages book; a real body: test_idor.py
    "api:consultation_step": api("POST", "pk=consultation step='confirm'", ok=LEADERS | {OFFICER}, deny=SEES_VILLAGE - LEADERS - {OFFICER}),
    "api/v1/consultations/<int:pk>/confirm": api("POST", "pk=consultation", ok=LEADERS | {OFFICER}, deny=SEES_VILLAGE - LEADERS - {OFFICER}),
    "api/v1/consultations/<int:pk>/propose": api("POST", "pk=consultation", bad=LEADERS | {OFFICER}, deny=SEES_VILLAGE - LEADERS - {OFFICER}),  # a time is needed
    "api/v1/consultations/<int:pk>/accept": api("POST", "pk=consultation", conflict={VILLAGE}, deny=SEES_VILLAGE - {VILLAGE}),  # nothing proposed yet
    "api/v1/consultations/<int:pk>/cancel": api("POST", "pk=consultation", bad=LEADERS | {OFFICER, VILLAGE}, deny=SEES_VILLAGE - LEADERS - {OFFICER, VILLAGE}),  # a reason is needed
    "api:follow_ups": api("GET", ok=SIGNED_IN),
    "api:obligations": api("GET", ok=SIGNED_IN),
    "api:report_submissions": api("GET", ok=SIGNED_IN),
    "api:report_submissions#post": api("POST", bad=VILLAGES, deny=SIGNED_IN - VILLAGES),  # villages report; a real body: test_idor.py
    "api:report_submission": api("GET", "pk=submission", ok=SEES_VILLAGE),
    "api:report_submission_review": api("POST", "pk=submission step='accept'", ok=LEADERS, deny=SEES_VILLAGE - LEADERS),
    "api/v1/report-submissions/<int:pk>/review/accept": api("POST", "pk=submission", ok=LEADERS, deny=SEES_VILLAGE - LEADERS),
    "api/v1/report-submissions/<int:pk>/review/return": api("POST", "pk=submission", bad=LEADERS, deny=SEES_VILLAGE - LEADERS),  # a note is needed
    "api:stats": api("GET", ok=NOT_VILLAGES, deny=VILLAGES),
    "api:aspirations": api("GET", ok=STAFF | {FOREIGN}, deny=VILLAGES | {INSPECTOR}),
    "api:aspirations#post": api("POST", bad=EVERYONE),  # anyone sends one; an empty body is refused
    "api:aspiration_track": api("GET", "code=aspiration.tracking_code", ok=EVERYONE),
    "api:aspiration": api("GET", "pk=aspiration", ok=ASPIRATION_HANDLERS, deny=VILLAGES | {INSPECTOR}),
    "api:aspiration_review": api("POST", "pk=aspiration", ok=ASPIRATION_HANDLERS, deny=VILLAGES | {INSPECTOR}),
    "api:aspiration_answer": api("POST", "pk=aspiration", bad=ASPIRATION_HANDLERS, deny=VILLAGES | {INSPECTOR}),
    "api:aspiration_reject": api("POST", "pk=aspiration", bad=ASPIRATION_HANDLERS, deny=VILLAGES | {INSPECTOR}),
    "api:aspiration_make_case": api("POST", "pk=aspiration", bad=LEADERS, deny=VILLAGES | {INSPECTOR, OFFICER}),
    # --- Open311 GeoReport v2: public discovery and services; requests only with an api_key,
    # each holder seeing what the case policy allows; a session alone opens nothing ----------
    "open311:discovery": get("fmt='json'", ok=EVERYONE),
    "open311:services": get("fmt='json'", ok=EVERYONE),
    "open311:service": get("code=category fmt='json'", ok=EVERYONE),
    "open311:requests": open311("GET", "fmt='json'", ok=SIGNED_IN, deny={ANON}),
    "open311:requests#session": get("fmt='json'", deny=EVERYONE),
    # A village's key sends a case; any other account's key sends a citizen's aspiration (its
    # village named); a village of another sub-district may not send into this one.
    "open311:requests#post": open311("POST", "fmt='json'", ok=SIGNED_IN - {VILLAGE_ELSEWHERE}, deny={ANON, VILLAGE_ELSEWHERE}, data="service_code=category description='Jalan rusak.' address_string='Inan'"),
    "open311:requests#post_session": post("fmt='json'", deny=EVERYONE, data="service_code=category description='Jalan rusak.'"),
    "open311:request": open311("GET", "key=case.tracking_number fmt='json'", ok=CASE_READERS, hidden={ANON}),
    "open311:request#session": get("key=case.tracking_number fmt='json'", hidden=EVERYONE),
    "open311:token": open311("GET", "token=case.tracking_number fmt='json'", ok=CASE_READERS, hidden={ANON}),
    "open311:token#session": get("token=case.tracking_number fmt='json'", hidden=EVERYONE),
    "api:openapi": api("GET", ok=EVERYONE),
    "api:docs": get(ok=EVERYONE),
}
# fmt: on
