"""The register's widgets written in Python give what Django's own widgets would."""

from django import forms
from django.test import SimpleTestCase

from governance.widgets import QuickInput, options_html

ROLES = [("", "---------"), ("chair", "Chair"), ("member", 'Member "A" & <co>')]


class QuickWidgetsTests(SimpleTestCase):
    def test_a_quick_text_input_is_djangos_text_input(self):
        class Form(forms.Form):
            name = forms.CharField(max_length=200, required=False, help_text="As on their badge.")

        for data in ({"name": 'Jo "JJ" O\'Neil <script>'}, {"name": ""}, None):
            slow = Form(data)
            quick = Form(data)
            quick.fields["name"].widget = QuickInput(attrs=quick.fields["name"].widget.attrs)
            if data is not None:
                for form in (slow, quick):
                    form.add_error("name", "Too odd.")
            self.assertHTMLEqual(str(quick["name"].as_widget()), str(slow["name"].as_widget()))

    def test_option_lists_are_djangos_with_the_choice_selected_each_time(self):
        select = forms.Select(choices=ROLES)
        for _ in range(2):  # the second time from the process's store of short lists
            for chosen in ("", "member"):
                expected = select.render("role", chosen)
                self.assertHTMLEqual(f'<select name="role">{options_html(ROLES, {chosen})}</select>', expected)
        long_list = [(n, f"Person {n}") for n in range(200)]
        html = options_html(long_list, {7})
        self.assertEqual(html.count("<option"), 200)
        self.assertIn('<option value="7" selected>Person 7</option>', html)
        self.assertNotIn("selected", html.replace('value="7" selected', ""))
