"""Batches and uploaded files: validated with the file pipeline's rules, loaded in the
background exactly once, with their per-item problems and error reports."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import httpx
import openpyxl

from tests.api.conftest import ApiServer, debt, wait_for

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _finished(http: httpx.Client, path: str) -> dict[str, Any]:
    def done() -> dict[str, Any] | None:
        body = http.get(path).json()
        return body if body["status"] != "processing" else None

    return wait_for(done)


def test_a_batch_twice_creates_nothing_the_second_time(api: ApiServer) -> None:
    batch = {"debts": [debt(f"T-{i}") for i in range(50)] + [debt("T-0")]}
    with api.http(api.key()) as http:
        first = http.post("/debts/batch", json=batch).json()
        assert first["errors"] == 2  # T-0 twice: both lines are reported, as in a file
        state = _finished(http, f"/debts/batch/{first['batch_id']}")
        assert (state["created"], state["existing"]) == (49, 0)
        dup = [p for p in state["problems"] if p["code"] == "duplicate-reference"]
        assert sorted(p["index"] for p in dup) == [0, 50]
        again = _finished(http, f"/debts/batch/{http.post('/debts/batch', json=batch).json()['batch_id']}")
        assert (again["created"], again["existing"], again["status"]) == (0, 49, "completed")
        changed = {"debts": [debt("T-1", amount=99)], "on_existing": "update"}
        updated = _finished(http, f"/debts/batch/{http.post('/debts/batch', json=changed).json()['batch_id']}")
        assert updated["updated"] == 1
        assert http.get("/debts", params={"reference": "T-1"}).json()["data"][0]["amount"] == 99.0


def test_batch_refusals(api: ApiServer) -> None:
    with api.http(api.key()) as http:
        assert http.post("/debts/batch", json=[debt("A")]).json()["code"] == "invalid-batch"
        assert http.post("/debts/batch", json={"debts": [], "extra": 1}).json()["code"] == "invalid-batch"
        empty = http.post("/debts/batch", json={"debts": []})
        assert empty.status_code == 202
        assert _finished(http, f"/debts/batch/{empty.json()['batch_id']}")["total"] == 0
        mixed = http.post("/debts/batch", json={"debts": [debt("M-1"), 7, None, "x"]}).json()
        assert (mixed["total"], mixed["errors"]) == (4, 3)
        state = _finished(http, f"/debts/batch/{mixed['batch_id']}")
        assert {p["index"]: p["code"] for p in state["problems"] if p["severity"] == "error"} == {
            1: "invalid-type", 2: "invalid-type", 3: "invalid-type"}
        assert http.get("/debts/batch/batch_nope").status_code == 404


def test_upload_runs_the_import_pipeline_once_per_content(api: ApiServer) -> None:
    sample = SAMPLES / "export_erp_maison_erreurs.csv"
    with api.http(api.key()) as http:
        accepted = http.post("/imports", files={"file": (sample.name, sample.read_bytes(), "text/csv")})
        assert accepted.status_code == 202
        done = _finished(http, f"/imports/{accepted.json()['id']}")
        assert done["status"] == "completed"
        assert done["file"]["name"] == sample.name
        counts = done["counts"]
        assert counts["rows"] == counts["valid"] + counts["invalid"] and counts["invalid"] > 0
        assert done["load"]["created"] == counts["valid"]
        assert {m["field"] for m in done["mapping"] if m["field"]} >= {"reference", "amount", "debtor.name"}
        report = http.get(done["reports"]["json"].removeprefix("/external-api/v1")).json()
        assert len({p["line"] for p in report["problems"] if p["severity"] == "error"}) == counts["invalid"]
        csv_report = http.get(f"/imports/{done['id']}/report", params={"format": "csv"})
        assert csv_report.headers["content-type"].startswith("text/csv")
        assert csv_report.text.lstrip("\ufeff").startswith("line")
        xlsx = http.get(f"/imports/{done['id']}/report", params={"format": "xlsx"})
        book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
        assert len(book.sheetnames) >= 2
        again = http.post("/imports", files={"file": ("renamed.csv", sample.read_bytes(), "text/csv")})
        assert again.status_code == 200
        assert (again.json()["id"], again.json()["already_imported"]) == (done["id"], True)
        listed = http.get("/debts", params={"limit": 500}).json()["data"]
        assert len(listed) == counts["valid"]


def test_an_upload_that_cannot_be_imported_says_why_in_api_words(api: ApiServer) -> None:
    with api.http(api.key()) as http:
        accepted = http.post("/imports", files={"file": ("notes.csv", b"colour;size\nred;2\nblue;3\n", "text/csv")})
        failed = _finished(http, f"/imports/{accepted.json()['id']}")
        assert failed["status"] == "failed"
        assert failed["error"]["code"] == "required-column-missing"
        assert 'the "profile" field' in failed["error"]["message"] and "--profile" not in failed["error"]["message"]
        assert set(failed["error"]["missing"]) == {"debtor.name", "amount", "reference"}
        assert http.post("/imports", files={"file": ("e.csv", b"", "text/csv")}).json()["code"] == "empty-file"
        assert http.post("/imports", data={"profile": "x"}).status_code == 422


def test_uploaded_booking_batches_pay_the_cases_of_earlier_ones(api: ApiServer) -> None:
    """Two DATEV booking batches uploaded one after the other, each with the customer file: the
    second one's payment of a January invoice resolves its case."""
    extf = "EXTF;700;21;Buchungsstapel;12;20260301120000000;;RE;;;29098;55003;20260101;4;{};{};Buchungsstapel\n"
    columns = "Umsatz (ohne Soll/Haben-Kz);Soll/Haben-Kennzeichen;WKZ Umsatz;Konto;Gegenkonto (ohne BU-Schlüssel);Belegdatum;Belegfeld 1\n"
    january = extf.format("20260101", "20260131") + columns + "1000,00;S;EUR;10100;8400;1501;JAN-0001\n450,00;S;EUR;10101;8400;1601;JAN-0002\n"
    february = extf.format("20260201", "20260228") + columns + "1000,00;S;EUR;1200;10100;0302;JAN-0001\n"
    customers = (b"Konto;Name (Adressattyp Unternehmen);E-Mail\n10100;Holzbau Meier GmbH;info@meier.example.de\n"
                 b"10101;Roux KG;info@roux.example.de\n")
    with api.http(api.key()) as http:
        for name, text in (("EXTF_Buchungsstapel_01.csv", january), ("EXTF_Buchungsstapel_02.csv", february)):
            accepted = http.post("/imports", files={
                "file": (name, text.encode(), "text/csv"), "debtors": ("EXTF_Debitoren.csv", customers, "text/csv"),
            })
            assert accepted.status_code == 202, accepted.text
            done = _finished(http, f"/imports/{accepted.json()['id']}")
            assert done["status"] == "completed", done
        paid = http.get("/debts", params={"reference": "JAN-0001"}).json()["data"][0]
        owed = http.get("/debts", params={"reference": "JAN-0002"}).json()["data"][0]
    assert (paid["debtor"]["name"], paid["status"]) == ("Holzbau Meier GmbH", "resolved")
    assert owed["status"] != "resolved" and owed["debtor"]["name"] == "Roux KG"


def test_an_uploaded_list_brings_the_cases_of_an_earlier_one_up_to_date(api: ApiServer) -> None:
    """February's list says one January invoice is paid and another cancelled: the import's result
    counts them, and the cases say so."""
    header = "Facture;Client;Montant TTC;Statut;Échéance\n"
    january = header + "L-1;Dupont SARL;120,00;En retard;15/01/2026\nL-2;Martin;50,00;En retard;20/01/2026\n"
    february = header + "L-1;Dupont SARL;120,00;Payée;15/01/2026\nL-2;Martin;50,00;Annulée;20/01/2026\n"
    with api.http(api.key()) as http:
        results = []
        for name, text in (("janvier.csv", january), ("fevrier.csv", february)):
            accepted = http.post("/imports", files={"file": (name, text.encode(), "text/csv")})
            assert accepted.status_code == 202, accepted.text
            results.append(_finished(http, f"/imports/{accepted.json()['id']}"))
        paid = http.get("/debts", params={"reference": "L-1"}).json()["data"][0]
        cancelled = http.get("/debts", params={"reference": "L-2"}).json()["data"][0]
    assert results[0]["earlier_cases"] is None
    counts = results[1]["earlier_cases"]
    assert (counts["payments"], counts["amount_recorded"], counts["resolved"], counts["cancelled"]) == (1, 120.0, 1, 1)
    assert (paid["status"], paid["balance"]) == ("resolved", 0.0)
    assert cancelled["status"] == "cancelled"


def test_an_upload_marked_complete_pays_the_cases_it_leaves_out(api: ApiServer) -> None:
    header = "Facture;Client;Montant TTC;Échéance\n"
    with api.http(api.key()) as http:
        first = http.post("/imports", files={"file": ("a.csv", (header + "K-1;Dupont;10,00;15/01/2026\n"
                                                                 "K-2;Martin;20,00;15/01/2026\n").encode(), "text/csv")})
        _finished(http, f"/imports/{first.json()['id']}")
        second = http.post("/imports", data={"complete": "true"},
                           files={"file": ("b.csv", (header + "K-1;Dupont;10,00;15/01/2026\n").encode(), "text/csv")})
        done = _finished(http, f"/imports/{second.json()['id']}")
        left_out = http.get("/debts", params={"reference": "K-2"}).json()["data"][0]
        kept = http.get("/debts", params={"reference": "K-1"}).json()["data"][0]
    assert done["status"] == "completed", done
    assert (done["earlier_cases"]["absent"], done["earlier_cases"]["resolved"]) == (1, 1)
    assert (left_out["status"], kept["status"]) == ("resolved", "open")


def test_an_upload_without_a_header_row_is_refused_then_read_with_header_line_zero(api: ApiServer) -> None:
    rows = "F-1;Dupont SARL;120,00;EUR;FR\nF-2;Martin SA;80,00;EUR;FR\nF-3;Durand Freres;45,50;EUR;FR\n"
    with api.http(api.key()) as http:
        refused = _finished(http, "/imports/" + http.post(
            "/imports", files={"file": ("bare.csv", rows.encode(), "text/csv")}).json()["id"])
        assert refused["status"] == "failed", refused
        assert refused["error"]["code"] == "no-header-row"
        assert 'the "header_line" field' in refused["error"]["message"]
        # read by their places, the columns mapped by their values
        accepted = http.post("/imports", data={"header_line": "0"},
                             files={"file": ("bare.csv", rows.encode(), "text/csv")})
        assert accepted.status_code in (200, 202), accepted.text
        done = _finished(http, f"/imports/{accepted.json()['id']}")
        assert done["status"] == "completed", done
        assert done["load"]["created"] == 3
        bad = http.post("/imports", data={"header_line": "-1"}, files={"file": ("bare.csv", rows.encode(), "text/csv")})
        assert bad.status_code == 422


def test_an_upload_takes_its_debtors_from_the_customer_file_sent_with_it(api: ApiServer) -> None:
    """``debtors``: the open items name their debtors by number; the customer file sent beside
    them gives the names and e-mails. The same pair again is the same import; the file alone is
    another."""
    items = "Customer;Reference;Document Date;Net due date;Amount in local currency\n" + "".join(
        f"{100000 + i % 4:010d};9{i:07d};03.09.2026;03.10.2026;{100 + i},00\n" for i in range(8)
    )
    customers = "Kunde;Name 1;E-Mail-Adresse\n" + "".join(f"{100000 + n};Firma {n} GmbH;f{n}@example.de\n" for n in range(4))
    pair = {"file": ("fbl5n.csv", items.encode(), "text/csv"), "debtors": ("kunden.csv", customers.encode(), "text/csv")}
    with api.http(api.key()) as http:
        accepted = http.post("/imports", files=pair)
        assert accepted.status_code == 202, accepted.text
        done = _finished(http, f"/imports/{accepted.json()['id']}")
        assert done["status"] == "completed", done
        assert done["load"]["created"] == 8
        assert {m["column"]: m["field"] for m in done["mapping"]}["Name 1 (kunden.csv)"] == "debtor.name"
        case = http.get("/debts", params={"reference": "90000005"}).json()["data"][0]
        assert (case["debtor"]["name"], case["debtor"]["email"]) == ("Firma 1 GmbH", "f1@example.de")
        again = http.post("/imports", files=pair)
        assert (again.status_code, again.json()["id"]) == (200, done["id"])
        alone = http.post("/imports", files={"file": pair["file"]})
        assert alone.status_code == 202 and alone.json()["id"] != done["id"]
        empty = http.post("/imports", files={"file": pair["file"], "debtors": ("k.csv", b"", "text/csv")})
        assert (empty.status_code, empty.json()["code"]) == (422, "empty-file")
        assert "debtors file is empty" in empty.json()["detail"]
    # the field is in the published contract
    schema = httpx.get(f"{api.base}/openapi.json").json()
    body = schema["paths"]["/external-api/v1/imports"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    ref = body.get("$ref", "").rsplit("/", 1)[-1]
    properties = schema["components"]["schemas"][ref]["properties"] if ref else body["properties"]
    assert "debtors" in properties and "file" in properties
