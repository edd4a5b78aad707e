from django.urls import path
from django.views.generic import TemplateView

app_name = "workbook"

# Placeholder until the browser import lands.
urlpatterns = [path("import/", TemplateView.as_view(template_name="base.html"), name="import")]
