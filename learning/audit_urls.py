from django.urls import path

from .views import audits, evidence

urlpatterns = [
    path("audits/", audits.AuditListView.as_view(), name="audit-list"),
    path("audits/new/", audits.AuditCreateView.as_view(), name="audit-create"),
    path("audits/<int:pk>/", audits.AuditDetailView.as_view(), name="audit-detail"),
    path("audits/<int:pk>/edit/", audits.AuditUpdateView.as_view(), name="audit-edit"),
    path("audits/<int:pk>/results/", audits.AuditResultsView.as_view(), name="audit-results"),
    path(
        "audits/<int:pk>/recommendations/new/",
        audits.AuditRecommendationCreateView.as_view(),
        name="audit-recommendation-create",
    ),
    path("evidence/", evidence.EvidenceListView.as_view(), name="evidence-list"),
    path("evidence/new/", evidence.EvidenceCreateView.as_view(), name="evidence-create"),
    path("evidence/<int:pk>/edit/", evidence.EvidenceUpdateView.as_view(), name="evidence-edit"),
]
