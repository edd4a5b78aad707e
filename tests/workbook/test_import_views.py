"""The browser import: permissions, upload, preview, confirm, and the workbook download."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.urls import reverse
from openpyxl import load_workbook

from governance.models import Agency, Attendance, Group, Meeting
from lscb.workbook import engine, uploads

from .helpers import BOARD_COUNTS, history_count, page, snapshot

# Under the board home_board makes: every page is a board's.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_board")]

MB = 1024 * 1024
IMPORT, PREVIEW = page("import"), page("import-preview")
CONFIRM, DISCARD, EXPORT = page("import-confirm"), page("import-discard"), page("export")


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.LSCB_WORKBOOK_UPLOAD_DIR = tmp_path / "uploads"
    return settings.LSCB_WORKBOOK_UPLOAD_DIR


def xlsx_upload(path, name: str = "board.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, path.read_bytes(), content_type="application/octet-stream")


@pytest.mark.parametrize("url", [IMPORT, PREVIEW, EXPORT])
def test_anonymous_users_are_sent_to_sign_in(url, client_for):
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("method", "url"), [("get", IMPORT), ("get", PREVIEW), ("post", CONFIRM), ("post", DISCARD)])
def test_only_the_business_manager_may_import(method, url, client_for, board_member):
    assert getattr(client_for(board_member), method)(url).status_code == 403


def test_the_import_page_offers_the_upload_and_the_export(client_for, manager):
    response = client_for(manager).get(IMPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert f'href="{EXPORT}"' in html
    assert 'for="id_file"' in html and "Board workbook" in html
    assert "attendance" in html


def test_upload_preview_confirm(client_for, manager, board, as_xlsx, upload_dir, django_assert_max_num_queries):
    client = client_for(manager)
    # The dry run happens once, as the file arrives. 18 new records: each costs its validation,
    # insert and history row (about 9 queries), nothing more.
    with django_assert_max_num_queries(190):
        response = client.post(IMPORT, {"file": xlsx_upload(as_xlsx(board))})
    assert response.status_code == 302 and response.url == PREVIEW
    # The preview shows that dry run: the signed-in request's own queries, none for the workbook.
    with django_assert_max_num_queries(8):
        preview = client.get(PREVIEW)
    html = preview.content.decode()
    assert "Confirm import" in html
    assert "18 created, 0 updated, 0 unchanged" in html
    assert '<th scope="row">attendance</th><td class="text-end">3</td>' in html
    assert "Quality and Effectiveness Group / 01/07/2015" in html
    assert not Agency.objects.exists()  # the preview wrote nothing

    response = client.post(CONFIRM)
    assert response.status_code == 302 and response.url == IMPORT
    assert "Imported board.xlsx: 18 created, 0 updated, 0 unchanged." in client.get(IMPORT).content.decode()
    assert {name: len(records) for name, records in snapshot().items()} == BOARD_COUNTS
    assert {h.history_user for h in Attendance.history.all()} == {manager}
    assert list(upload_dir.iterdir()) == []  # the confirmed upload is removed


def test_preview_queries_do_not_grow_with_unchanged_rows(
    client_for, manager, board, as_xlsx, django_assert_max_num_queries
):
    client = client_for(manager)
    client.post(IMPORT, {"file": xlsx_upload(as_xlsx(board))})
    client.post(CONFIRM)
    for extra in range(30):
        board["meetings"].append(["Safeguarding Board", f"2016-01-{extra + 1:02d}", "planned", "", ""])
    client.post(IMPORT, {"file": xlsx_upload(as_xlsx(board))})
    client.post(CONFIRM)
    # Everything unchanged: a handful of reads per sheet, none per row.
    with django_assert_max_num_queries(35):
        client.post(IMPORT, {"file": xlsx_upload(as_xlsx(board))})
    html = client.get(PREVIEW).content.decode()
    assert "0 created, 0 updated, 48 unchanged" in html


def test_a_changed_row_is_previewed_with_its_old_and_new_values(client_for, manager, board, as_xlsx):
    client = client_for(manager)
    client.post(IMPORT, {"file": xlsx_upload(as_xlsx(board))})
    client.post(CONFIRM)
    board["meetings"][3][2] = "held"
    client.post(IMPORT, {"file": xlsx_upload(as_xlsx(board))})
    html = client.get(PREVIEW).content.decode()
    assert "<strong>status</strong>: planned → held" in html


def test_a_bad_workbook_shows_its_problems_and_writes_nothing(client_for, manager, board, as_xlsx):
    board["agencies"][1][2] = "fire"
    board["groups"][0].append("colour")
    client = client_for(manager)
    client.post(IMPORT, {"file": xlsx_upload(as_xlsx(board))})
    html = client.get(PREVIEW).content.decode()
    assert "2 problems found" in html
    assert "<td>agencies</td><td>2</td><td>sector</td>" in html
    assert "<td>groups</td><td>1</td><td>colour</td>" in html
    assert "Confirm import" not in html
    response = client.post(CONFIRM)
    assert response.url == PREVIEW
    assert not Agency.objects.exists()
    assert history_count() == 0


def test_uploads_are_checked_for_type_and_size(client_for, manager, monkeypatch):
    client = client_for(manager)
    response = client.post(IMPORT, {"file": SimpleUploadedFile("board.pdf", b"%PDF")})
    assert "Choose an .xlsx workbook, or a .zip of CSV files." in response.content.decode()
    monkeypatch.setattr(uploads, "MAX_BYTES", MB)
    response = client.post(IMPORT, {"file": SimpleUploadedFile("board.xlsx", b"x" * (MB + 1))})
    assert response.status_code == 413
    html = response.content.decode()
    assert "The file is larger than 1 MB: the largest workbook that can be uploaded is 1 MB." in html
    assert "This field is required" not in html
    assert client.get(PREVIEW).url == IMPORT  # nothing was stored


@pytest.fixture
def kept(monkeypatch) -> list[int]:
    """The bytes that reach Django's own upload handlers (those that keep a file), chunk by chunk."""
    received: list[int] = []
    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        original = handler.receive_data_chunk

        def counting(self, raw_data, start, original=original):
            received.append(len(raw_data))
            return original(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", counting)
    return received


@pytest.mark.parametrize("size", [MB + 1, 3 * MB])
def test_an_over_size_upload_is_stopped_as_it_streams_in(client_for, manager, monkeypatch, kept, upload_dir, size):
    """The limit is checked chunk by chunk as the body arrives: no more than the limit is ever kept
    (and a body that says up front it is far larger is stopped before any of it is kept)."""
    monkeypatch.setattr(uploads, "MAX_BYTES", MB)
    client = client_for(manager)
    response = client.post(IMPORT, {"file": SimpleUploadedFile("Évaluation annuelle.xlsx", b"x" * size)})
    assert response.status_code == 413
    assert "the largest workbook that can be uploaded is 1 MB" in response.content.decode()
    assert sum(kept) <= MB
    if size > MB + uploads.SizeLimitUploadHandler.SLACK:
        assert kept == []
    assert not upload_dir.exists() or list(upload_dir.iterdir()) == []
    assert client.get(PREVIEW).url == IMPORT


def test_an_upload_at_the_limit_is_taken(client_for, manager, monkeypatch, kept, board, as_xlsx):
    content = as_xlsx(board).read_bytes()
    monkeypatch.setattr(uploads, "MAX_BYTES", len(content))
    response = client_for(manager).post(IMPORT, {"file": SimpleUploadedFile("board.xlsx", content)})
    assert response.status_code == 302
    assert sum(kept) == len(content)


def test_the_preview_reads_the_upload_once(client_for, manager, board, as_xlsx, monkeypatch):
    reads = []
    read_workbook = engine.read_workbook
    monkeypatch.setattr(
        engine, "read_workbook", lambda *args, **kwargs: reads.append(args) or read_workbook(*args, **kwargs)
    )
    client = client_for(manager)
    client.post(IMPORT, {"file": xlsx_upload(as_xlsx(board))})
    first, second = client.get(PREVIEW), client.get(PREVIEW)
    assert len(reads) == 1
    for shown in (first, second):
        assert "18 created, 0 updated, 0 unchanged" in shown.content.decode()
        assert "Quality and Effectiveness Group / 01/07/2015" in shown.content.decode()
    # The confirmation imports it for real: one more reading, the only other one.
    assert client.post(CONFIRM).url == IMPORT
    assert len(reads) == 2
    assert Agency.objects.count() == 3


def test_an_unreadable_upload_is_reported(client_for, manager):
    client = client_for(manager)
    client.post(IMPORT, {"file": SimpleUploadedFile("board.xlsx", b"not a workbook")})
    assert "board.xlsx is not a readable .xlsx workbook" in client.get(PREVIEW).content.decode()


def test_a_session_cannot_point_at_another_file(client_for, manager, tmp_path):
    client = client_for(manager)
    session = client.session
    session[uploads.SESSION_KEY] = {"token": "../../etc/passwd", "suffix": ".xlsx", "name": "x.xlsx"}
    session.save()
    assert client.get(PREVIEW).url == IMPORT


def test_discard_removes_the_upload(client_for, manager, board, as_xlsx, upload_dir):
    client = client_for(manager)
    client.post(IMPORT, {"file": xlsx_upload(as_xlsx(board))})
    assert sorted(path.suffix for path in upload_dir.iterdir()) == [".json", ".xlsx"]  # the file, its dry run
    assert client.post(DISCARD).url == IMPORT
    assert list(upload_dir.iterdir()) == []
    assert client.post(CONFIRM).url == IMPORT
    assert not Meeting.objects.exists()


def test_anyone_who_may_view_downloads_the_workbook(
    client_for, board_member, manager, board, as_xlsx, django_assert_max_num_queries
):
    client = client_for(manager)
    client.post(IMPORT, {"file": xlsx_upload(as_xlsx(board))})
    client.post(CONFIRM)
    client = client_for(board_member)
    # 4 of them on every signed-in request: the session, the user, their two-factor device, their roles and
    # permissions; then the instance's boards, and one query a sheet (the boards sheet too) and one for the
    # boards the groups are joint with, however many boards there are; and one each for the reviews, audits
    # and evidence, which say whether the learning sheets are written (here they are not), and one each
    # for the indicators, the training events, the budget lines and the contributions, which say whether
    # the dataset's, training's and money's sheets are.
    with django_assert_max_num_queries(22):
        response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="board-workbook-')
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["boards", *BOARD_COUNTS]
    assert book["attendance"].max_row == 4


def test_the_nginx_example_lets_the_largest_upload_through_and_no_more(settings):
    """README's nginx site: its client_max_body_size sits just above the app's largest upload (a
    meeting's paper; a workbook's limit is lower), so the largest file arrives (with room for the
    form around it) and anything much larger is refused by nginx before it reaches the app."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    (megabytes,) = re.findall(r"client_max_body_size (\d+)m;", readme)
    largest = max(uploads.MAX_BYTES, settings.LSCB_PAPER_MAX_BYTES)
    assert largest < int(megabytes) * MB <= largest + 2 * MB


# --- several boards ---------------------------------------------------------------------------------


@pytest.fixture
def adults(db):
    from tests.factories import BoardFactory

    return BoardFactory(name="Northmoor Safeguarding Adults Board", short_name="NSAB", slug="nsab", kind="adults")


def test_rows_without_a_board_go_into_the_board_whose_page_it_is(client_for, manager, board, as_xlsx, adults):
    client = client_for(manager)
    import_page = reverse("workbook:import", args=[adults.slug])
    html = client.get(import_page).content.decode()
    assert "Import the board workbook into Northmoor Safeguarding Adults Board" in html
    assert f'href="{reverse("workbook:export", args=[adults.slug])}"' in html
    assert "Download every board of this instance as one workbook" in html
    response = client.post(import_page, {"file": xlsx_upload(as_xlsx(board))})
    assert response.url == reverse("workbook:import-preview", args=[adults.slug])
    preview = client.get(response.url).content.decode()
    assert "can be imported into Northmoor Safeguarding Adults Board" in preview
    assert f'action="{reverse("workbook:import-confirm", args=[adults.slug])}"' in preview
    # The upload belongs to the adults' board's page: under another board's there is none to confirm.
    assert client.get(PREVIEW).url == IMPORT
    assert client.post(reverse("workbook:import-confirm", args=[adults.slug])).url == import_page
    assert {group.board for group in Group.objects.all()} == {adults}


def test_a_manager_of_one_board_imports_into_that_board_only(client_for, board, as_xlsx, home_board, adults):
    from lscb import roles
    from tests.factories import UserFactory

    user = UserFactory(username="adultsbm", board_roles=[(roles.BUSINESS_MANAGER, adults)])
    client = client_for(user)
    assert client.get(IMPORT).status_code == 403
    book = {
        "boards": [["name", "kind"], [home_board.name, "children"], [adults.name, "adults"]],
        "groups": [
            ["board", "name", "kind"],
            ["NSCP", "Business Group", "subgroup"],
            ["NSAB", "Business Group", "subgroup"],
        ],
    }
    client.post(reverse("workbook:import", args=[adults.slug]), {"file": xlsx_upload(as_xlsx(book))})
    html = client.get(reverse("workbook:import-preview", args=[adults.slug])).content.decode()
    assert "1 problem found" in html
    assert (
        f"<td>groups</td><td>2</td><td>board</td><td>you may not import into {home_board.name}: "
        "only into the boards you manage.</td>"
    ) in html
    # Adding a board takes someone who may import into them all.
    book = {"boards": [["name", "kind"], ["Westshire Safeguarding Adults Board", "adults"]]}
    client.post(reverse("workbook:import", args=[adults.slug]), {"file": xlsx_upload(as_xlsx(book))})
    html = client.get(reverse("workbook:import-preview", args=[adults.slug])).content.decode()
    assert "only someone who may import into every board of the instance may add a board." in html


def test_the_download_holds_the_boards_the_user_may_see(client_for, home_board, adults):
    from lscb import roles
    from tests.factories import GroupFactory, UserFactory

    GroupFactory(board=home_board, name="Partnership Board")
    GroupFactory(board=adults, name="Adults Board")
    manager = UserFactory(username="adultsbm", board_roles=[(roles.BUSINESS_MANAGER, adults)])
    page = client_for(manager).get(reverse("workbook:import", args=[adults.slug])).content.decode()
    assert "Download the boards you can see as one workbook" in page
    client = client_for(UserFactory(username="adultsmember", board_roles=[(roles.BOARD_MEMBER, adults)]))
    book = load_workbook(BytesIO(client.get(reverse("workbook:export", args=[adults.slug])).content))
    assert [row[0].value for row in book["boards"].iter_rows(min_row=2)] == [adults.name]
    assert [row[1].value for row in book["groups"].iter_rows(min_row=2)] == ["Adults Board"]
    assert client.get(EXPORT).status_code == 403
