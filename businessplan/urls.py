from django.urls import path

from .views import changes, editing, plan_page, progress, review

app_name = "businessplan"

urlpatterns = [
    path("", editing.PlanListView.as_view(), name="plan-list"),
    path("new/", editing.PlanCreateView.as_view(), name="plan-create"),
    path("<slug:slug>/", plan_page.PlanDetailView.as_view(), name="plan-detail"),
    path("<slug:slug>/edit/", editing.PlanUpdateView.as_view(), name="plan-edit"),
    path("<slug:slug>/export.<str:fmt>", plan_page.PlanExportView.as_view(), name="plan-export"),
    path("<slug:slug>/review/", review.ReviewView.as_view(), name="review"),
    path("<slug:slug>/changes/", changes.ChangesView.as_view(), name="changes"),
    path("<slug:slug>/priorities/new/", editing.PriorityCreateView.as_view(), name="priority-create"),
    path("<slug:slug>/priorities/<int:number>/edit/", editing.PriorityUpdateView.as_view(), name="priority-edit"),
    path("<slug:slug>/objectives/new/", editing.ObjectiveCreateView.as_view(), name="objective-create"),
    path("<slug:slug>/objectives/<int:pk>/edit/", editing.ObjectiveUpdateView.as_view(), name="objective-edit"),
    path("<slug:slug>/actions/new/", editing.ActionCreateView.as_view(), name="action-create"),
    path("<slug:slug>/actions/<str:ref>/", progress.ActionDetailView.as_view(), name="action-detail"),
    path("<slug:slug>/actions/<str:ref>/edit/", editing.ActionUpdateView.as_view(), name="action-edit"),
    path("<slug:slug>/actions/<str:ref>/progress/", progress.ActionProgressView.as_view(), name="action-progress"),
]
