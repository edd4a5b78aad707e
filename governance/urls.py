from django.urls import path

from .views import attendance, meetings, papers, records, register, structure

app_name = "governance"

urlpatterns = [
    path("structure/", structure.StructureView.as_view(), name="structure"),
    path("groups/", records.GroupListView.as_view(), name="group-list"),
    path("groups/new/", records.GroupCreateView.as_view(), name="group-create"),
    path("groups/<int:pk>/", structure.GroupDetailView.as_view(), name="group-detail"),
    path("groups/<int:pk>/edit/", records.GroupUpdateView.as_view(), name="group-edit"),
    path("groups/<int:pk>/schedule/", meetings.ScheduleYearView.as_view(), name="group-schedule"),
    path("agencies/", records.AgencyListView.as_view(), name="agency-list"),
    path("agencies/new/", records.AgencyCreateView.as_view(), name="agency-create"),
    path("agencies/<int:pk>/", records.AgencyDetailView.as_view(), name="agency-detail"),
    path("agencies/<int:pk>/edit/", records.AgencyUpdateView.as_view(), name="agency-edit"),
    path("people/", records.PersonListView.as_view(), name="person-list"),
    path("people/new/", records.PersonCreateView.as_view(), name="person-create"),
    path("people/<int:pk>/", records.PersonDetailView.as_view(), name="person-detail"),
    path("people/<int:pk>/edit/", records.PersonUpdateView.as_view(), name="person-edit"),
    path("memberships/", records.MembershipListView.as_view(), name="membership-list"),
    path("memberships/new/", records.MembershipCreateView.as_view(), name="membership-create"),
    path("memberships/<int:pk>/edit/", records.MembershipUpdateView.as_view(), name="membership-edit"),
    path(
        "calendar/", meetings.CurrentYearRedirect.as_view(pattern_name="governance:calendar"), name="calendar-current"
    ),
    path("calendar/<year:year>/", meetings.CalendarView.as_view(), name="calendar"),
    path("meetings/new/", meetings.MeetingCreateView.as_view(), name="meeting-create"),
    path("meetings/<int:pk>/", meetings.MeetingDetailView.as_view(), name="meeting-detail"),
    path("meetings/<int:pk>/edit/", meetings.MeetingUpdateView.as_view(), name="meeting-edit"),
    path("meetings/<int:pk>/delete/", meetings.MeetingDeleteView.as_view(), name="meeting-delete"),
    path("meetings/<int:pk>/record/", meetings.MeetingRecordView.as_view(), name="meeting-record"),
    path("meetings/<int:pk>/record/guests/", register.GuestSearchView.as_view(), name="meeting-guest-search"),
    path("meetings/<int:pk>/record/guests/<int:person>/", register.GuestRowView.as_view(), name="meeting-guest-row"),
    path("meetings/<int:pk>/cancel/", meetings.MeetingCancelView.as_view(), name="meeting-cancel"),
    path("meetings/<int:pk>/reinstate/", meetings.MeetingReinstateView.as_view(), name="meeting-reinstate"),
    # A meeting's papers: added and removed by those who record it, read by those who read it.
    path("meetings/<int:pk>/papers/new/", papers.PaperCreateView.as_view(), name="paper-create"),
    path("meetings/<int:pk>/papers/<int:paper>/", papers.PaperDownloadView.as_view(), name="paper-download"),
    path("meetings/<int:pk>/papers/<int:paper>/remove/", papers.PaperDeleteView.as_view(), name="paper-remove"),
    path(
        "attendance/",
        meetings.CurrentYearRedirect.as_view(pattern_name="governance:attendance"),
        name="attendance-current",
    ),
    path("attendance/<year:year>/", attendance.AttendanceView.as_view(), name="attendance"),
]
