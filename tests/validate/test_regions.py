"""The region of phone numbers without a country, taken from the file when the default region
cannot read them: the file's currency, its e-mail domains, its numbers written with a country
code. Never when the user set the region."""

from decimal import Decimal

import polars as pl

from getbill_import.config import Settings
from getbill_import.validate import ValidationOptions, validate_frame
from tests.validate.test_frame import mapped

COLUMNS = {"debtor.phone": "Telefono"}


def read(result):
    """How many rows' phones were read as valid numbers."""
    return int(result.cases["debtor.phone"].is_not_null().sum())


def colombian(currency="COP", n=8):
    """Colombian mobiles written as Colombians write them: ten digits, no country code."""
    return [
        {"reference": f"A{i}", "debtor.name": "N", "amount": "10.00", "currency": currency,
         "debtor.phone": f"310 45{i} 2{i}7{i}"}
        for i in range(n)
    ]


def test_colombian_numbers_of_a_file_in_pesos_are_read_in_colombia():
    rows = colombian() + [
        {"reference": f"B{i}", "debtor.name": "N", "amount": "10.00", "currency": "COP", "debtor.phone": f"33{i}6327"}
        for i in range(3)
    ]
    result = validate_frame(mapped(rows), columns=COLUMNS)
    assert result.cases["debtor.phone"].to_list()[:2] == ["+573104502070", "+573104512171"]
    assert read(result) == 8
    assert result.notices[0] == (
        "Phone numbers without a country were read as numbers of CO, not of FR (the default region): 8 of 11 "
        "distinct numbers checked are valid in CO, 0 in FR. Set GETBILL_DEFAULT_REGION to read them in another "
        "region, or add a country column."
    )
    # the seven-digit landlines (no area code) stay invalid, and are said to be so in CO
    assert any(n.startswith("3 of 11 phone numbers without a country are not valid numbers of CO, the region they "
                            "were read in") for n in result.notices)


def test_peruvian_mobiles_of_a_file_in_soles_are_read_in_peru_not_as_french_numbers_that_lost_a_zero():
    # a Peruvian ERP writes its currency by name, and its customers' mobiles as nine digits: valid in
    # France too, but only once a "0" is put before them
    rows = [
        {"reference": f"F001-{i}", "debtor.name": "N", "amount": "100.00", "currency": "SOL", "debtor.phone": f"99900000{i}"}
        for i in range(1, 9)
    ]
    result = validate_frame(mapped(rows), columns=COLUMNS)
    assert result.cases["currency"].unique().to_list() == ["PEN"]
    assert result.cases["debtor.phone"].to_list()[:2] == ["+51999000001", "+51999000002"]
    assert "phone-missing-leading-zero" not in set(result.problems["code"])
    assert result.notices[0].startswith(
        "Phone numbers without a country were read as numbers of PE, not of FR (the default region): 8 of 8 distinct "
        "numbers checked are valid in PE, 8 (0 as written, the others once a lost leading 0 is put back) in FR."
    )


def test_the_debtors_legal_forms_point_to_the_region_their_numbers_are_read_in():
    """An Ecuadorian notary's receivables: no currency, no country, Quito's landlines written with
    their area code (022477455), valid in Ecuador, not in France; the debtors' names end with
    Ecuador's "Cía. Ltda.". Ecuador is tried, reads them, and its currency, the US dollar, is taken."""
    numbers = ["022477455", "022336419", "022233407", "026039608", "023968100", "022032664", "042345678"]
    rows = [
        {"reference": f"FC-{i}", "debtor.name": f"SERVICIOS ANDINOS {i} CIA. LTDA.", "amount": "10.00",
         "debtor.phone": number}
        for i, number in enumerate(numbers)
    ]
    result = validate_frame(mapped(rows), columns=COLUMNS, options=ValidationOptions(currency_from_phones=True))
    assert read(result) == 7
    assert result.cases["debtor.phone"][0] == "+59322477455"
    assert set(result.cases["currency"].to_list()) == {"USD"}
    # the same names without their legal form leave the numbers French, and invalid
    plain = [{**row, "debtor.name": f"SERVICIOS ANDINOS {i}"} for i, row in enumerate(rows)]
    assert read(validate_frame(mapped(plain), columns=COLUMNS)) == 0


def test_debtors_in_one_country_with_large_whole_amounts_are_in_its_currency():
    """A Colombian paint distributor's receivables: no currency, no phones; the debtors' departments
    are Colombia's and the amounts large whole numbers, as pesos are. The addresses alone would not
    do (an exporter's customers abroad), nor would amounts with cents."""
    departments = ["RISARALDA", "CALDAS", "ANTIOQUIA", "QUINDIO", "VALLE DEL CAUCA"]
    rows = [
        {"reference": f"157G-{i}", "debtor.name": f"FERRETERIA {i}", "amount": f"{106266 + 1000 * i}",
         "debtor.address.region": departments[i % 5]}
        for i in range(6)
    ]
    columns = {"debtor.address.region": "Departamento"}
    options = ValidationOptions(currency_from_phones=True)
    result = validate_frame(mapped(rows), columns=columns, options=options)
    assert set(result.cases["currency"].to_list()) == {"COP"}
    assert any("the amounts are large whole numbers (a median of 108,766), as amounts in COP are" in n for n in result.notices)
    cents = [{**row, "amount": f"{120 + i}.50"} for i, row in enumerate(rows)]
    assert set(validate_frame(mapped(cents), columns=columns, options=options).cases["currency"].to_list()) == {"EUR"}


def test_a_number_dialled_without_a_zero_in_its_region_did_not_lose_one():
    # Colombian mobiles are written without the national prefix; French ones lost it
    rows = [
        {"reference": "A1", "debtor.name": "N", "amount": "1.00", "currency": "COP", "debtor.phone": "+57 1 234 5678"},
        {"reference": "A2", "debtor.name": "N", "amount": "1.00", "currency": "EUR", "debtor.phone": "612345678"},
    ]
    frame = mapped(rows).with_columns(pl.Series("debtor.address.country", ["CO", "FR"]))
    result = validate_frame(frame.with_columns(pl.Series("debtor.phone", ["3001234567", "612345678"])), columns=COLUMNS)
    lost = result.problems.filter(pl.col("code") == "phone-missing-leading-zero")
    assert lost["value"].to_list() == ["612345678"]
    assert result.cases["debtor.phone"].to_list() == ["+573001234567", "+33612345678"]


def test_a_region_the_user_set_is_kept():
    result = validate_frame(mapped(colombian()), columns=COLUMNS, options=ValidationOptions(region_given=True))
    assert read(result) == 0
    assert set(result.problems["code"]) == {"invalid-phone", "no-contact-channel"}
    assert not [n for n in result.notices if n.startswith("Phone numbers without a country were read")]


def test_settings_know_whether_the_region_was_set():
    assert Settings.from_env({"GETBILL_DATA_DIR": "/tmp/x"}).region_given is False
    set_ = Settings.from_env({"GETBILL_DATA_DIR": "/tmp/x", "GETBILL_DEFAULT_REGION": "fr"})
    assert (set_.region_given, set_.default_region) == (True, "FR")


def test_numbers_of_the_default_region_change_nothing():
    rows = [{"reference": f"A{i}", "debtor.name": "N", "amount": "10.00", "currency": "COP",
             "debtor.phone": f"06 12 34 56 {i}0"} for i in range(8)]
    result = validate_frame(mapped(rows), columns=COLUMNS)
    assert read(result) == 8
    assert result.cases["debtor.phone"][0] == "+33612345600"
    assert not [n for n in result.notices if "region" in n]


def test_a_few_numbers_say_too_little():
    result = validate_frame(mapped(colombian(n=4)), columns=COLUMNS)
    assert read(result) == 0
    assert not [n for n in result.notices if n.startswith("Phone numbers without a country were read")]


def test_a_few_numbers_are_read_where_the_file_says_they_are():
    """An Ivorian print shop's three customers: one number written with +225, the others as
    Ivorians write them (France reads them too): all are Ivorian. Under Arabic headers, Egyptian
    mobiles France cannot read are Egypt's, and the amounts its pounds; under Spanish ones, the
    same numbers say nothing (no Spanish-speaking country reads them)."""
    rows = [{"reference": f"D{i}", "debtor.name": "N", "amount": "15000", "debtor.phone": p}
            for i, p in enumerate(["+225 07 08 45 12 33", "07 59 33 21 10", "05 44 21 90 87"])]
    ivorian = validate_frame(mapped(rows), columns=COLUMNS)
    assert ivorian.cases["debtor.phone"].to_list() == ["+2250708451233", "+2250759332110", "+2250544219087"]
    assert ("Phone numbers without a country were read as numbers of CI, not of FR (the default region): 3 of 3 distinct "
            "numbers checked are valid in CI, 3 in FR, and the file's numbers written with a country code are all of CI."
            ) in " ".join(ivorian.notices)
    egyptian = [{"reference": f"E{i}", "debtor.name": "N", "amount": "350", "debtor.phone": p}
                for i, p in enumerate(["01012345678", "01123456789", "01555666777"])]
    arabic = validate_frame(mapped(egyptian), columns=COLUMNS,
                            options=ValidationOptions(currency_from_phones=True, header_languages=("ar",)))
    assert arabic.cases["debtor.phone"].to_list() == ["+201012345678", "+201123456789", "+201555666777"]
    assert arabic.cases["currency"].unique().to_list() == ["EGP"]
    spanish = validate_frame(mapped(egyptian), columns=COLUMNS,
                             options=ValidationOptions(currency_from_phones=True, header_languages=("es",)))
    assert read(spanish) == 0 and spanish.cases["currency"].unique().to_list() == ["EUR"]
    # a Brazilian shop's four debtors under Portuguese headers, one mobile typed with a digit twice: Brazil
    # reads the three others, Portugal none; the reais follow
    brazilian = [{"reference": f"B{i}", "debtor.name": "N", "amount": "100.00", "debtor.phone": p}
                 for i, p in enumerate(["619994121708", "61993367127", "61993121599", "61996544168"])]
    portuguese = validate_frame(mapped(brazilian), columns=COLUMNS,
                                options=ValidationOptions(currency_from_phones=True, header_languages=("pt",)))
    assert portuguese.cases["debtor.phone"].to_list()[1:] == ["+5561993367127", "+5561993121599", "+5561996544168"]
    assert portuguese.cases["currency"].unique().to_list() == ["BRL"]
    # two numbers of four a region reads are too few to say it
    two = validate_frame(mapped([*brazilian[:3], {**brazilian[3], "debtor.phone": "0033612"}]), columns=COLUMNS,
                         options=ValidationOptions(currency_from_phones=True, header_languages=("pt",)))
    assert two.cases["currency"].unique().to_list() == ["EUR"]


def test_mobiles_nearly_all_of_which_one_region_of_the_headers_language_reads_are_read_there():
    """A Tally export's mobiles, one of them made up ("9876543210"): India reads six of seven, Russia
    as many, but the headers are English: India's, and its rupees."""
    phones = ["9876543210", "9810012345", "9899001122", "9822044455", "9933007788", "9888877766", "9777700011"]
    rows = [{"reference": f"INV-{i}", "debtor.name": "N", "amount": "48500", "debtor.phone": p} for i, p in enumerate(phones)]
    result = validate_frame(mapped(rows), columns=COLUMNS,
                            options=ValidationOptions(currency_from_phones=True, header_languages=("en",)))
    assert read(result) == 6
    assert result.cases["currency"].unique().to_list() == ["INR"]
    assert any(n.startswith("Phone numbers without a country were read as numbers of IN") and
               "only IN reads nearly all of them" in n for n in result.notices)


def test_mobiles_under_arabic_headers_are_read_in_the_gulf_country_that_reads_them():
    """A Qatari company's debtors, their mobiles of eight digits (3xxx xxxx, 5xxx xxxx, 6xxx xxxx,
    7xxx xxxx) that Guatemala reads too: under Arabic headers they are Qatar's, and so are the riyals."""
    phones = ["31310330", "33336834", "55123456", "66012345", "70123456", "50911222", "33445566", "77012345"]
    rows = [{"reference": f"C-{i}", "debtor.name": "N", "amount": "121270.00", "debtor.phone": p} for i, p in enumerate(phones)]
    result = validate_frame(mapped(rows), columns=COLUMNS,
                            options=ValidationOptions(currency_from_phones=True, header_languages=("ar",)))
    assert result.cases["currency"].unique().to_list() == ["QAR"]
    assert any(n.startswith("Phone numbers without a country were read as numbers of QA") for n in result.notices)


def test_numbers_written_with_their_country_code_point_to_the_region_of_the_others():
    # no currency column (the default, EUR, says nothing of Colombia): a few numbers carry +57
    rows = [{k: v for k, v in r.items() if k != "currency"} for r in colombian()]
    rows += [{"reference": "C1", "debtor.name": "N", "amount": "1", "debtor.phone": "+57 310 999 1234"}]
    result = validate_frame(mapped(rows), columns=COLUMNS)
    assert read(result) == 9
    assert result.notices[0].startswith("Phone numbers without a country were read as numbers of CO")


def test_e_mail_domains_point_to_the_region():
    # British landlines, a file in euros: the .co.uk addresses name the country
    rows = [{"reference": f"A{i}", "debtor.name": "N", "amount": "10.00", "currency": "EUR",
             "debtor.email": f"n{i}@shop.co.uk", "debtor.phone": f"020 7946 0{i}{i}8"} for i in range(6)]
    result = validate_frame(mapped(rows), columns=COLUMNS)
    assert read(result) == 6
    assert result.cases["debtor.phone"][1] == "+442079460118"
    assert result.notices[0].startswith("Phone numbers without a country were read as numbers of GB, not of FR")


def test_the_currency_sign_of_the_amounts_points_to_the_region():
    # a field-service export from Florida: "$" in the amounts, no currency column, ten-digit numbers
    numbers = ["3522812078", "(407) 234-5678", "813-234-7890", "3527431234", "9543217654", "(305) 612-4478"]
    rows = [{"reference": f"I-{i}", "debtor.name": "N", "amount": f"${i}0.00", "debtor.phone": n}
            for i, n in enumerate(numbers, 1)]
    result = validate_frame(mapped(rows), columns=COLUMNS)
    assert read(result) == 6
    assert result.cases["debtor.phone"][0] == "+13522812078"
    assert result.notices[0].startswith("Phone numbers without a country were read as numbers of US, not of FR")


def test_rows_with_a_country_keep_theirs():
    rows = [*colombian(), {"reference": "D1", "debtor.name": "N", "amount": "1", "currency": "COP",
                           "debtor.address.country": "FR", "debtor.phone": "06 12 34 56 78"}]
    result = validate_frame(mapped(rows), columns=COLUMNS)
    phones = dict(zip(result.cases["reference"], result.cases["debtor.phone"], strict=True))
    assert (phones["D1"], phones["A0"]) == ("+33612345678", "+573104502070")


def test_the_evidence_is_counted_once_per_distinct_number():
    # a thousand rows of eight numbers: the notice counts the distinct ones
    rows = [dict(r, reference=f"R{k}-{r['reference']}") for k in range(125) for r in colombian()]
    result = validate_frame(mapped(rows), columns=COLUMNS)
    assert read(result) == 1000
    assert "8 of 8 distinct numbers" in result.notices[0]
    assert pl.Series(result.cases["debtor.phone"]).null_count() == 0


def saudi(n=8):
    """Saudi mobiles ("05…", also valid French numbers), and a few written with 00966."""
    rows = [{"reference": f"S{i}", "debtor.name": "N", "amount": "10.00", "debtor.phone": f"05{p}5755{i}77"}
            for i, p in enumerate([0, 3, 4, 5, 6, 8, 9, 0][:n])]
    rows += [{"reference": f"T{i}", "debtor.name": "N", "amount": "10.00", "debtor.phone": f"009665{i}0432351"}
             for i in range(3)]
    return rows


def test_numbers_valid_in_the_default_region_are_read_where_the_file_says_its_debtors_are():
    # "0535755777" is a French number too; the numbers written with 00966 say the debtors are Saudi
    result = validate_frame(mapped(saudi()), columns=COLUMNS)
    assert result.cases["debtor.phone"][0] == "+966505755077"
    assert result.notices[0].startswith("Phone numbers without a country were read as numbers of SA, not of FR")
    assert "the file's numbers written with a country code, its countries or its states, provinces or cities are of SA" in result.notices[0]
    # the file names no currency: the default one is questioned, and the user's own choice is not
    assert (
        "No column gives the currency: the amounts are read in EUR, the default currency, but the phone numbers were "
        "read in SA, whose currency is SAR. If the amounts are in SAR, set GETBILL_DEFAULT_CURRENCY=SAR and run again."
    ) in result.notices
    chosen = validate_frame(mapped(saudi()), columns=COLUMNS, options=ValidationOptions(currency_given=True))
    assert not [n for n in chosen.notices if n.startswith("No column gives the currency")]
    # a file that names its currency says nothing of it either
    named = validate_frame(mapped([dict(r, currency="EUR") for r in saudi()]), columns=COLUMNS)
    assert not [n for n in named.notices if n.startswith("No column gives the currency")]


def test_a_few_foreign_numbers_in_a_french_file_change_nothing():
    rows = [{"reference": f"A{i}", "debtor.name": "N", "amount": "10.00", "debtor.phone": f"06 12 34 56 {i}0"}
            for i in range(8)]
    rows += [{"reference": f"B{i}", "debtor.name": "N", "amount": "10.00", "debtor.phone": f"+44 20 7946 0{i}58"}
             for i in range(3)]
    result = validate_frame(mapped(rows), columns=COLUMNS)
    assert result.cases["debtor.phone"][0] == "+33612345600"
    assert read(result) == 11
    assert not [n for n in result.notices if "region" in n or "currency" in n]


def test_a_file_without_phones_or_currency_is_told_the_currency_its_e_mail_addresses_point_to():
    rows = [{"reference": f"A{i}", "debtor.name": "N", "amount": "10.00", "debtor.email": f"c{i}@empresa{i}.com.br"}
            for i in range(6)]
    result = validate_frame(mapped(rows), columns={})
    assert (
        "No column gives the currency: the amounts are read in EUR, the default currency, but the e-mail addresses "
        "are of BR, whose currency is BRL. If the amounts are in BRL, set GETBILL_DEFAULT_CURRENCY=BRL and run again."
    ) in result.notices
    # addresses of .com and .fr say nothing of another currency
    rows = [dict(r, **{"debtor.email": f"c{i}@firm{i}.{'com' if i % 2 else 'fr'}"}) for i, r in enumerate(rows)]
    assert not [n for n in validate_frame(mapped(rows), columns={}).notices if "currency" in n]


def test_large_whole_amounts_without_a_currency_are_said_to_be_perhaps_in_another():
    rows = [{"reference": f"FD{i}", "debtor.name": "ACEITES S.A.", "amount": a}
            for i, a in enumerate(["130000", "67900", "34000", "27200", "190000"])]
    result = validate_frame(mapped(rows), columns={})
    assert ("No column gives the currency: the amounts are read in EUR, the default currency, but they are large whole "
            "numbers (a median of 67,900), as amounts in a currency without cents are (CLP, COP, IDR, KRW, VND, XOF, XAF…). If they are in "
            "another currency, set GETBILL_DEFAULT_CURRENCY and run again.") in result.notices
    # amounts of a euro invoice list, or a default currency of that kind, say nothing
    small = [{**r, "amount": "1200.50"} for r in rows]
    assert not [n for n in validate_frame(mapped(small), columns={}).notices if "large whole" in n]
    pesos = ValidationOptions(default_currency="COP")
    assert not [n for n in validate_frame(mapped(rows), columns={}, options=pesos).notices if "large whole" in n]


def test_numbers_no_other_region_reads_are_read_in_the_one_region_that_reads_them_all():
    """A college's fee list gives its students' Indian mobiles (ten digits from 6 to 9) and nothing
    else of a country: France reads none, India all, no other region tried as many; the amounts
    follow in rupees, said."""
    phones = ["7842355288", "9100473561", "7702949350", "9676483860", "6301113783", "8555053608", "9346823146",
              "6302280693"]
    rows = [{"reference": f"22B{i:03d}", "debtor.name": "N", "amount": "35000", "debtor.phone": p}
            for i, p in enumerate(phones)]
    result = validate_frame(mapped(rows), columns=COLUMNS, options=ValidationOptions(currency_from_phones=True))
    assert result.cases["debtor.phone"].to_list()[:2] == ["+917842355288", "+919100473561"]
    assert result.notices[0].startswith(
        "Phone numbers without a country were read as numbers of IN, not of FR (the default region): 8 of 8 distinct "
        "numbers checked are valid in IN, 0 in FR, and no other region of the 57 tried reads nearly as many."
    )
    assert result.cases["currency"].unique().to_list() == ["INR"]
    # mobiles beginning with 9 alone read in India and in Russia alike: no region is chosen
    russian = [{**row, "debtor.phone": f"9{row['debtor.phone'][1:]}"} for row in rows]
    alike = validate_frame(mapped(russian), columns=COLUMNS)
    assert read(alike) == 0 and not any(n.startswith("Phone numbers without a country were read") for n in alike.notices)
    # numbers most of which France reads keep the default region
    french = rows[:3] + [{**row, "debtor.phone": f"06 12 34 56 {i:02d}"} for i, row in enumerate(rows[3:])]
    kept = validate_frame(mapped(french), columns=COLUMNS)
    assert read(kept) == 5 and not any(n.startswith("Phone numbers without a country were read") for n in kept.notices)


def test_numbers_two_regions_read_are_read_in_the_one_whose_way_of_writing_them_they_follow():
    """A Brazilian grocer's customers' mobiles written as Brazil writes them ("(22) 99908-8850"):
    Germany reads those digits too, but only Brazil writes them so."""
    phones = ["(22) 99908-8850", "(22) 99812-3456", "(21) 98765-4321", "(22) 2645-1234", "(11) 91234-5678"]
    rows = [{"reference": f"C{i}", "debtor.name": "N", "amount": "10.00", "debtor.phone": p} for i, p in enumerate(phones)]
    result = validate_frame(mapped(rows), columns=COLUMNS, options=ValidationOptions(currency_from_phones=True))
    assert result.cases["debtor.phone"].to_list()[0] == "+5522999088850"
    assert result.notices[0].endswith(
        "5 of 5 distinct numbers checked are valid in BR, 0 in FR; DE reads many of them too, but they are written as "
        "numbers of BR are. Set GETBILL_DEFAULT_REGION to read them in another region, or add a country column.")
    assert result.cases["currency"].unique().to_list() == ["BRL"]
    # the same digits written without Brazil's marks: Germany reads them only once a lost 0 is put
    # back, Brazil as written
    bare = [{**row, "debtor.phone": "".join(ch for ch in row["debtor.phone"] if ch.isdigit())} for row in rows]
    plain = validate_frame(mapped(bare), columns=COLUMNS)
    assert plain.notices[0].startswith("Phone numbers without a country were read as numbers of BR")
    assert "no other region of the 57 tried reads nearly as many" in plain.notices[0]


def test_numbers_of_one_country_code_are_read_in_the_region_of_their_area_codes():
    """A rent roll of Oklahoma apartments: its residents' phones written as ten bare digits ("4057212194")
    and some as the United States writes them; Canada and the Dominican Republic, of the same +1,
    read them all too, but their area codes are the United States'. Canadian area codes read in Canada."""
    phones = ["4057212194", "4057212191", "7273658987", "(405) 627-8692", "2099860340", "3187094654", "4051142563",
              "9165910729", "2083874007", "8322570472"]
    rows = [{"reference": f"6301-{i:03d}", "debtor.name": "N", "amount": "700.00", "debtor.phone": p}
            for i, p in enumerate(phones)]
    result = validate_frame(mapped(rows), columns=COLUMNS, options=ValidationOptions(currency_from_phones=True))
    assert result.cases["debtor.phone"].to_list()[:2] == ["+14057212194", "+14057212191"]
    assert "nearly all of them are of US's area codes" in result.notices[0]
    assert result.cases["currency"].unique().to_list() == ["USD"]
    canadian = [{**row, "debtor.phone": f"{code}{''.join(ch for ch in row['debtor.phone'] if ch.isdigit())[-7:]}"}
                for row, code in zip(rows, ["416", "514", "403", "438", "437", "587", "289", "343", "506", "519"], strict=True)]
    north = validate_frame(mapped(canadian), columns=COLUMNS, options=ValidationOptions(currency_from_phones=True))
    assert "nearly all of them are of CA's area codes" in north.notices[0]
    assert north.cases["currency"].unique().to_list() == ["CAD"]


def test_numbers_read_alike_in_several_regions_are_read_in_the_one_that_speaks_the_headers_language():
    """Colombian mobiles (ten digits from 3) read as Italian ones too: a file whose headers are
    Spanish is read in Colombia; without the headers' language, no region is chosen."""
    phones = ["3103400011", "3105000022", "3108800033", "3202900044", "3203300055", "3203500066", "3183600077",
              "3107500088"]
    rows = [{"reference": f"C{i}", "debtor.name": "N", "amount": "290854", "debtor.phone": p} for i, p in enumerate(phones)]
    spanish = validate_frame(mapped(rows), columns=COLUMNS,
                             options=ValidationOptions(currency_from_phones=True, header_languages=("es",)))
    assert spanish.cases["debtor.phone"].to_list()[0] == "+573103400011"
    assert "IT read many of them too, but the file's headers are in es, a language of CO" in spanish.notices[0]
    assert spanish.cases["currency"].unique().to_list() == ["COP"]
    unknown = validate_frame(mapped(rows), columns=COLUMNS)
    assert read(unknown) == 0 and not any(n.startswith("Phone numbers without a country were read") for n in unknown.notices)


#: Argentine numbers as an agency's placements write them, area code without its "0": India reads
#: these as its own too (Delhi's "11…", mobiles from 6 to 9)
IN_TOO = ["2615871377", "3413631686", "3884452248", "3875432959", "2325469141", "1167899970", "3876665066",
          "3873445876", "3484561015", "2622225118", "1135169131", "3888683081", "3755315576", "3832430012",
          "1141401465", "3875520901", "1169941710", "1123796506"]
#: and these not
AR_ONLY = ["3382570347", "3447522103", "2646139493", "3794006011", "3874877744", "3875138817"]


def test_argentine_numbers_without_the_zero_of_their_area_code_are_read_in_argentina_not_india():
    """An agency's list of debtors (Spanish headers, no currency) writes Argentine numbers without
    the "0" of their area code, as Argentines do: they are read in Argentina (no lost zero said)
    and the amounts in pesos, where India, reading 18 of 20 of them too, made them rupees."""
    rows = [{"reference": f"D{i}", "debtor.name": "N", "amount": "226747.48", "debtor.phone": p}
            for i, p in enumerate(IN_TOO + AR_ONLY[:2])]
    spanish = validate_frame(mapped(rows), columns=COLUMNS,
                             options=ValidationOptions(currency_from_phones=True, header_languages=("es",)))
    assert spanish.cases["debtor.phone"].to_list()[0] == "+542615871377"
    assert spanish.cases["currency"].unique().to_list() == ["ARS"]
    assert "phone-missing-leading-zero" not in spanish.problems["code"].to_list()
    # without the headers' language, two numbers India cannot read say too little: no region is chosen
    unknown = validate_frame(mapped(rows), columns=COLUMNS)
    assert read(unknown) == 0
    # six say enough: Argentina reads every number, India leaves those invalid
    rows = [{"reference": f"D{i}", "debtor.name": "N", "amount": "10.00", "debtor.phone": p}
            for i, p in enumerate(IN_TOO[:14] + AR_ONLY)]
    alone = validate_frame(mapped(rows), columns=COLUMNS, options=ValidationOptions(currency_from_phones=True))
    assert "AR reads every one of them, the others leave 6 or more invalid" in alone.notices[0]
    assert alone.cases["currency"].unique().to_list() == ["ARS"]


def test_amounts_written_with_a_dollar_sign_take_the_peso_of_the_country_the_phones_are_in():
    """A bank's placement writes its balances "$ 226.747,48" and its debtors' Argentine numbers:
    "$" is the peso's sign there, so the amounts are pesos, said, where they were US dollars. A
    sign that names another currency ("€", "USD") keeps the amounts in it."""
    rows = [{"reference": f"D{i}", "debtor.name": "N", "amount": f"$ {1000 + i}.50", "debtor.phone": p}
            for i, p in enumerate(IN_TOO[:14] + AR_ONLY)]
    pesos = validate_frame(mapped(rows), columns=COLUMNS, options=ValidationOptions(currency_from_phones=True))
    assert pesos.cases["currency"].unique().to_list() == ["ARS"]
    assert [float(a) for a in pesos.cases["amount"].to_list()[:2]] == [1000.5, 1001.5]
    said = [n for n in pesos.notices if "'$' is the sign of the peso too" in n]
    assert said and said[0].startswith(
        "No column gives the currency, and '$' is the sign of the peso too: the 20 amount(s) written with '$' are "
        "read in ARS, the currency of AR, where the phone numbers are")
    assert not [n for n in pesos.notices if "read in US dollars" in n]
    euros = [{**row, "amount": f"{1000 + i}.50 €"} for i, row in enumerate(rows)]
    kept = validate_frame(mapped(euros), columns=COLUMNS, options=ValidationOptions(currency_from_phones=True))
    assert kept.cases["currency"].unique().to_list() == ["EUR"]
    dollars = [{**row, "amount": f"USD {1000 + i}.50"} for i, row in enumerate(rows)]
    kept = validate_frame(mapped(dollars), columns=COLUMNS, options=ValidationOptions(currency_from_phones=True))
    assert kept.cases["currency"].unique().to_list() == ["USD"]


def test_amounts_written_with_a_dollar_sign_take_the_dollar_of_the_debtors_legal_forms():
    """An Australian builder's sales export writes "$8,360.00" for customers named "… Pty Ltd",
    and a status letter where two shifted rows meet its empty currency column: the amounts are
    Australian dollars, said, where they were US dollars. Legal forms written in countries of
    different currencies ("Ltda": Brazil, Colombia, Chile) tell none."""
    names = ["Baiada Poultry Pty Ltd", "Coles Supermarkets Pty Ltd", "Inghams Enterprises Pty Ltd", "J Horvat"]
    rows = [{"reference": f"{5204 + i}", "debtor.name": name, "amount": f"${8360 + i:,}.00", "currency": ""}
            for i, name in enumerate(names)]
    rows[-1]["currency"] = "I"
    options = ValidationOptions(currency_from_phones=True)
    result = validate_frame(mapped(rows), columns={}, options=options)
    # (the status letter is no currency: its row is refused for it)
    assert result.cases["currency"].to_list() == ["AUD", "AUD", "AUD", None]
    assert any("read in AUD, the currency of AU, where the debtors' legal forms are written, not in US dollars" in n
               for n in result.notices)
    ltda = [{**row, "debtor.name": row["debtor.name"].replace("Pty Ltd", "Ltda")} for row in rows]
    assert validate_frame(mapped(ltda), columns={}, options=options).cases["currency"].to_list() == ["USD", "USD", "USD", None]


def _under_headers_in(rows: list[dict[str, str]], language: str):
    """``rows`` validated as a file whose headers are in ``language`` and that names no currency."""
    return validate_frame(mapped(rows), columns={}, options=ValidationOptions(
        currency_from_phones=True, header_languages=(language,)))


def test_french_headers_read_the_dollar_sign_as_canadas():
    """A Quebec clinic's unpaid invoices: "Montant dû" written "110,00 $" under French headers. The one
    country speaking French that writes its currency with "$" is Canada: Canadian dollars, said,
    where they were US dollars. English or Spanish headers say no such country."""
    rows = [{"reference": f"INV-{74 + i}", "debtor.name": "N", "amount": f"{110 + i},00 $"} for i in range(4)]
    french = _under_headers_in(rows, "fr")
    assert french.cases["currency"].unique().to_list() == ["CAD"]
    assert any("read in CAD, the currency of CA, the one country writing its currency with '$' where the headers' "
               "language (fr) is spoken, not in US dollars" in n for n in french.notices)
    for language in ("en", "es"):
        assert _under_headers_in(rows, language).cases["currency"].unique().to_list() == ["USD"], language


def test_legal_forms_of_several_countries_and_the_headers_language_tell_the_currency():
    """A Brazilian ERP's receivables name no currency: "Ltda" is written in Brazil, Colombia and
    Chile, and the headers are Portuguese: Brazilian reais, said, where they were euros by default.
    Spanish headers leave Colombia and Chile, two currencies: nothing is adopted; so do English ones."""
    names = ["VIDEOSCOPIA DO CEARA LTDA", "COSTA & FILHOS LTDA.", "MERCADO BOM PRECO LTDA", "JORGE TOTE"]
    rows = [{"reference": f"00255{i}", "debtor.name": name, "amount": f"{1227 + i}.70"} for i, name in enumerate(names)]
    reais = _under_headers_in(rows, "pt")
    assert reais.cases["currency"].unique().to_list() == ["BRL"]
    assert any("read in BRL, the currency of BR, as the debtors' legal forms are written there and the headers are in "
               "its language (pt), not in EUR (the default currency)" in n for n in reais.notices)
    for language in ("es", "en"):
        assert _under_headers_in(rows, language).cases["currency"].unique().to_list() == ["EUR"], language
    # Córdoba's debtor companies ("Empresa", "Monto"): Argentina's "SAIC", "S.A.C.I.F.I.A." beside Spanish
    argentine = ["PIRELLI NEUMATICOS SAIC", "MONSANTO ARGENTINA SAIC", "ACME S.A.C.I.F.I.A.", "DR HARD S.R.L."]
    pesos = _under_headers_in([{**row, "debtor.name": name} for row, name in zip(rows, argentine, strict=True)], "es")
    assert pesos.cases["currency"].unique().to_list() == ["ARS"]


def test_english_headers_take_the_currency_of_the_one_country_all_the_legal_forms_are_of():
    """A Singapore firm's statement of account, English headers, no currency: its customers' "Pte Ltd"
    is Singapore's alone: Singapore dollars, said, where they were euros by default. "Pvt Ltd" is
    written in India and its neighbours, and forms of two countries tell neither: nothing is adopted,
    and the notice names the currencies of them all, not India's rupee alone."""
    names = ["Lumen Design Pte Ltd", "Harbourfront Logistics Pte. Ltd.", "Tan Brothers PTE LTD", "Ong Wei Ming"]
    rows = [{"reference": f"INV-{2024 + i}", "debtor.name": name, "amount": f"{1850 + i}.30"} for i, name in enumerate(names)]
    singapore = _under_headers_in(rows, "en")
    assert singapore.cases["currency"].unique().to_list() == ["SGD"]
    assert any("read in SGD, the currency of SG, as all the debtors' legal forms are written there, not in EUR (the "
               "default currency)" in n for n in singapore.notices)
    indian = _under_headers_in([{**row, "debtor.name": f"{row['debtor.name'].split()[0]} Pvt Ltd"} for row in rows], "en")
    assert indian.cases["currency"].unique().to_list() == ["EUR"]
    assert ("No column gives the currency: the amounts are read in EUR, the default currency, but the debtors' legal "
            "forms are written in IN, PK, BD, LK and NP, whose currencies are INR, PKR, BDT, LKR and NPR. If the amounts "
            "are in one of them, set GETBILL_DEFAULT_CURRENCY to it and run again.") in indian.notices
    mixed = [*rows, *({**row, "debtor.name": f"Kedai {i} Sdn Bhd"} for i, row in enumerate(rows))]
    assert _under_headers_in(mixed, "en").cases["currency"].unique().to_list() == ["EUR"]
    # "Cía. Ltda." is written in Ecuador and Colombia (its "Ltda." is Brazil's and Chile's too)
    ecuador = [{**row, "debtor.name": f"{row['debtor.name'].split()[0]} CIA. LTDA."} for row in rows]
    assert any("but the debtors' legal forms are written in EC and CO, whose currencies are USD and COP." in n
               for n in _under_headers_in(ecuador, "en").notices)
    # one customer's, on every row, says where that customer is, not the creditor
    one = [{**row, "debtor.name": "Lendlease Construction (Pty) Ltd"} for row in rows]
    assert _under_headers_in(one, "en").cases["currency"].unique().to_list() == ["EUR"]


def test_a_currency_column_writing_pesos_takes_the_peso_the_file_points_to():
    """Aspel's collections export writes each invoice's currency as a word, 'PESOS' or 'DOLARES', for
    customers named "… S.A. de C.V." (Mexico, or El Salvador, whose currency is the US dollar): the
    pesos are Mexico's, said; the dollars stay US dollars. With nothing that tells which peso, a
    'PESOS' row is a problem that says so, not an invoice in euros; the default currency, when it is
    a peso, tells it."""
    names = ["DISTRIBUIDORA SAN JUAN S.A. DE C.V.", "FARMACIAS DEL BAJIO SA DE CV", "GRUPO ROMA S.A. DE C.V.", "LUIS PEREZ"]
    rows = [{"reference": f"2430{i}", "debtor.name": name, "amount": f"{1227 + i}.70", "currency": money}
            for i, (name, money) in enumerate(zip(names, ["PESOS", "Pesos", "DOLARES", "PESOS"], strict=True))]
    mexican = _under_headers_in(rows, "es")
    assert mexican.cases["currency"].to_list() == ["MXN", "MXN", "USD", "MXN"]
    assert mexican.cases["__valid__"].all()
    assert ("currency: 'PESOS', 'Pesos' in 'currency' is read as MXN, the peso of MX, where the debtors' legal forms "
            "are written. If it is another peso, write its code in the column.") in mexican.notices
    plain = [{**row, "debtor.name": f"CLIENTE {i}"} for i, row in enumerate(rows)]
    unsaid = _under_headers_in(plain, "es")
    assert unsaid.cases.filter(pl.col("__valid__"))["currency"].to_list() == ["USD"]
    problems = unsaid.problems.filter(pl.col("code") == "ambiguous-currency")
    assert unsaid.cases.filter(pl.col("__line__").is_in(problems["line"].implode()))["reference"].to_list() == [
        "24300", "24301", "24303"]
    assert problems["message"][0] == ("'PESOS' is the peso of several countries (MXN, ARS, COP, CLP…) and nothing in "
                                      "the file says which: write its code, or set the default currency "
                                      "(GETBILL_DEFAULT_CURRENCY) to it.")
    argentine = validate_frame(mapped(plain), columns={}, options=ValidationOptions(default_currency="ARS"))
    assert argentine.cases["currency"].to_list() == ["ARS", "ARS", "USD", "ARS"]


def test_amounts_grouped_in_lakhs_are_indian_rupees():
    """Tally's bills receivable and Zoho Books' invoices name no currency but write '1,28,500.00 Dr':
    grouped in lakhs, as India writes them: Indian rupees, said, where they were euros by default.
    Amounts grouped in thousands past a million say no such thing, nor do amounts below a lakh."""
    rows = [{"reference": f"S/{101 + i}", "debtor.name": "Mehta Hardware", "amount": amount}
            for i, amount in enumerate(["1,28,500.00 Dr", "45,000.00", "12,34,567.50"])]
    rupees = _under_headers_in(rows, "en")
    assert rupees.cases["currency"].unique().to_list() == ["INR"]
    assert rupees.cases["amount"].to_list()[::2] == [Decimal("128500.00"), Decimal("1234567.50")]
    assert any("read in INR, the currency of IN, as the amounts are grouped in lakhs ('1,28,500.00 Dr'), as India "
               "writes them (Pakistan, Bangladesh and Nepal too), not in EUR (the default currency)" in n
               for n in rupees.notices)
    millions = [*rows[:2], {**rows[2], "amount": "1,234,567.50"}]
    assert _under_headers_in(millions, "en").cases["currency"].unique().to_list() == ["EUR"]
    assert _under_headers_in(rows[1:2], "en").cases["currency"].unique().to_list() == ["EUR"]


def test_dates_written_month_first_question_the_euro_taken_by_default():
    """A US aging report names no currency and no country, but writes its dates month first
    ("11/18/2025"): the euro read by default is questioned, US dollars named. Dates some of which
    only a day-first writer writes say nothing of the kind."""
    rows = [{"reference": f"{1041 + i}", "debtor.name": "N", "amount": "1284.50", "issue_date": f"11/{18 + i}/2025",
             "due_date": f"12/{18 + i}/2025"} for i in range(4)]
    result = validate_frame(mapped(rows), columns={})
    assert ("No column gives the currency: the amounts are read in EUR, the default currency, but the dates are "
            "written month first ('11/18/2025'), as in the United States, whose currency is USD. If the amounts are "
            "in USD, set GETBILL_DEFAULT_CURRENCY=USD and run again.") in result.notices
    mixed = [*rows, {"reference": "1050", "debtor.name": "N", "amount": "10.00", "issue_date": "25/11/2025"}]
    assert not [n for n in validate_frame(mapped(mixed), columns={}).notices if "month first" in n]
    dollars = validate_frame(mapped(rows), columns={}, options=ValidationOptions(default_currency="USD"))
    assert not [n for n in dollars.notices if "month first" in n]


def test_names_written_in_one_countrys_script_question_the_euro_taken_by_default():
    """A Thai utility's debtors ("บริษัท เพชรไทยพัฒนา จำกัด") and an SAP export whose texts are Thai
    while its dates are written month first: the euro read by default is questioned, the baht named
    (not the dollar of the dates). Names in two such scripts, or in Latin letters, say nothing."""
    rows = [{"reference": f"2000403974{i}", "debtor.name": f"บริษัท เพชรไทยพัฒนา {i} จำกัด", "amount": "1602697.58",
             "issue_date": f"9/{18 + i}/2025"} for i in range(4)]
    result = validate_frame(mapped(rows), columns={})
    assert ("No column gives the currency: the amounts are read in EUR, the default currency, but the file's names "
            "and texts are written in Thai script, whose currency is THB. If the amounts are in THB, set "
            "GETBILL_DEFAULT_CURRENCY=THB and run again.") in result.notices
    mixed = [*rows[:2], *({**r, "debtor.name": "주식회사 한빛"} for r in rows[2:])]
    assert not [n for n in validate_frame(mapped(mixed), columns={}).notices if "script" in n]
    latin = [{**r, "debtor.name": "Phet Thai Phatthana Co."} for r in rows]
    assert not [n for n in validate_frame(mapped(latin), columns={}).notices if "script" in n]


def test_names_written_in_simplified_chinese_name_the_yuan_and_traditional_or_japanese_ones_nothing():
    """A hotel's city ledger of mainland travel agencies ("广州…旅行社有限责任公司") names the yuan; the
    same companies written as Taiwan or Hong Kong write them (廣州, 責任) say nothing of it, and
    Japanese ones, their legal form in kanji alone (株式会社), name the yen."""
    def notices(names):
        rows = [{"reference": f"CL-{i}", "debtor.name": n, "amount": "7413.00"} for i, n in enumerate(names)]
        return [n for n in validate_frame(mapped(rows), columns={}).notices if "script" in n]

    said = notices(["广州青年旅行社有限责任公司", "东莞国际贸易有限公司", "深圳电子实业有限公司"])
    assert len(said) == 1 and "simplified Chinese script, whose currency is CNY" in said[0]
    assert notices(["廣州青年旅行社有限責任公司", "台北國際貿易有限公司", "香港電子實業有限公司"]) == []
    japanese = notices(["東京商事株式会社", "大阪電機株式会社", "名古屋貿易株式会社"])
    assert len(japanese) == 1 and "Japanese script, whose currency is JPY" in japanese[0]


def test_names_of_russian_or_ukrainian_companies_name_their_currency_and_belarusian_names_none():
    """A Russian list of counterparties ("ООО ТоргСервис", "ИП Смирнов А.А."), a Ukrainian one
    ("ТОВ Світанок"), a Bulgarian one ("Търговска къща ООД"); Belarusian names hold the letters of
    both Russian and Ukrainian, and say nothing."""
    def notices(names):
        rows = [{"reference": f"СБ-{i}", "debtor.name": n, "amount": "4295866.40"} for i, n in enumerate(names)]
        return [n for n in validate_frame(mapped(rows), columns={}).notices if "script" in n]

    assert [n.split(" script, ")[1][:26] for n in notices(["ООО ТоргСервис", "ИП Смирнов А.А.", "АО Ромашка"])] == [
        "whose currency is RUB. If "]
    assert [n.split(" script, ")[1][:26] for n in notices(["ТОВ Світанок", "ФОП Коваленко", "ПрАТ Київ"])] == [
        "whose currency is UAH. If "]
    assert notices(["ТАА Сьвітанак", "ААТ Мінскі трактарны завод", "Рыбны склад"]) == []
    # Macedonian ones ("НОВА ВИЗИЈА ДООЕЛ"; their "АД" is no Bulgarian's)
    assert [n.split(" script, ")[1][:26] for n in notices(["ДАТА КОНСАЛТИНГ ДООЕЛ", "БАЛКАН ФАРМА ДОО",
                                                           "МАКЕДОНСКИ ТЕЛЕКОМ АД"])] == ["whose currency is MKD. If "]
    # Bulgarian names ("Търговска къща ООД") are Bulgaria's, whose currency is the euro: no roubles
    assert notices(["Строй Инвест ЕООД", "Търговска къща ООД", "Пловдив Агро АД"]) == []
    rows = [{"reference": f"Ф-{i}", "debtor.name": n, "amount": "2340.00"}
            for i, n in enumerate(["Строй Инвест ЕООД", "Търговска къща ООД", "Пловдив Агро АД"])]
    said = [n for n in validate_frame(mapped(rows), columns={}, options=ValidationOptions(default_currency="USD")).notices
            if "script" in n]
    assert len(said) == 1 and "Bulgarian Cyrillic script, whose currency is EUR" in said[0]


def test_bare_ten_digit_mobiles_india_reads_all_of_are_read_in_india_not_where_they_are_written_alike():
    """A school's fee export gives its pupils' parents' mobiles as ten bare digits ("9811000131"),
    Mexico's way of writing its numbers: Mexico reads most of them, India every one. A region that
    leaves a twentieth more of them invalid is not preferred for the way they are written; the
    English headers say India."""
    phones = [f"9811000{n:03d}" for n in range(100, 170)] + [f"98000000{n:02d}" for n in range(1, 5)]
    rows = [{"reference": f"SR{i}", "debtor.name": "N", "amount": "12000", "debtor.phone": p} for i, p in enumerate(phones)]
    result = validate_frame(mapped(rows), columns=COLUMNS,
                            options=ValidationOptions(currency_from_phones=True, header_languages=("en",)))
    assert result.cases["debtor.phone"].to_list()[:2] == ["+919811000100", "+919811000101"]
    assert read(result) == 74
    assert result.cases["currency"].unique().to_list() == ["INR"]


def test_amounts_of_three_decimals_in_the_phones_dinar_are_read_to_the_cent_once():
    """A Tunisian bank's lot names no currency; its phones are Tunisian, so its amounts are dinars, of
    three decimals: read to the cent with one notice, not a warning on each row."""
    rows = [{"reference": f"0401{n:04d}", "debtor.name": "N", "amount": f"{97 + n}.{535 + n:03d}",
             "debtor.phone": f"+216 29 858 {500 + n:03d}"} for n in range(20)]
    result = validate_frame(mapped(rows), columns=COLUMNS, options=ValidationOptions(currency_from_phones=True))
    assert result.cases["currency"].unique().to_list() == ["TND"]
    assert [str(a) for a in result.cases["amount"].to_list()[:2]] == ["97.54", "98.54"]
    assert "amount-rounded" not in set(result.problems["code"])
    # (two end in 0, "102.540": nothing to round)
    assert any(n.startswith("18 amount(s) of column") and "as amounts in TND do" in n for n in result.notices)


def test_debtors_in_one_countrys_states_with_a_second_sign_take_its_currency():
    """A US list of open invoices names no currency: its debtors' states are Texas, Colorado…
    and its dates are written month first, so its amounts are US dollars, said. An Australian one
    writes "$" beside its amounts and its debtors are in NSW, VIC…: Australian dollars, not US ones.
    The states alone (an exporter's customers abroad) only question the default currency."""
    states = ["TX", "CO", "MA", "OR", "WI", "GA"]
    rows = [{"reference": f"{1001 + i}", "debtor.name": "N", "amount": "1250.00", "due_date": f"11/{13 + i}/2025",
             "debtor.address.region": s} for i, s in enumerate(states)]
    us = validate_frame(mapped(rows), columns={}, options=ValidationOptions(currency_from_phones=True))
    assert us.cases["currency"].unique().to_list() == ["USD"]
    assert ("No column gives the currency: the amounts are read in USD, the currency of US, as the debtors' states or "
            "provinces are US's ('TX', 'CO') and the dates are written month first ('11/13/2025'), not in EUR (the "
            "default currency).") in " ".join(us.notices)
    australian = [{**r, "amount": f"${120 + i}.50", "due_date": f"{13 + i}/11/2025", "debtor.address.region": s}
                  for i, (r, s) in enumerate(zip(rows, ["NSW", "VIC", "QLD", "WA", "SA", "TAS"], strict=True))]
    au = validate_frame(mapped(australian), columns={}, options=ValidationOptions(currency_from_phones=True))
    assert au.cases["currency"].unique().to_list() == ["AUD"]
    assert [float(a) for a in au.cases["amount"].to_list()[:2]] == [120.5, 121.5]
    said = [n for n in au.notices if "read in AUD" in n]
    assert said and said[0].startswith("No column gives the currency, and '$' is the sign of other dollars too: the 6 "
                                       "amount(s) written with '$' are read in AUD, the currency of AU, as the debtors' "
                                       "states or provinces are AU's ('NSW', 'VIC') and the amounts are written with '$'")
    alone = [{**r, "due_date": f"{13 + i}/11/2025"} for i, r in enumerate(rows)]
    kept = validate_frame(mapped(alone), columns={}, options=ValidationOptions(currency_from_phones=True))
    assert kept.cases["currency"].unique().to_list() == ["EUR"]
    assert ("the amounts are read in EUR, the default currency, but the debtors' states or provinces are US's ('TX', "
            "'CO'), whose currency is USD.") in " ".join(kept.notices)
    # phone numbers none of which reads in the default region (a debt tape's masked "000-000-0000") place
    # nobody there: the states still question the euro
    masked = validate_frame(mapped([{**r, "debtor.phone": "000-000-0000"} for r in alone]), columns={},
                            options=ValidationOptions(currency_from_phones=True))
    assert "but the debtors' states or provinces are US's ('TX', 'CO'), whose currency is USD." in " ".join(masked.notices)
    # states of two countries (Washington and Western Australia are both "WA") say none
    mixed = [{**r, "debtor.address.region": s} for r, s in zip(rows, ["WA", "NSW", "TX", "VIC", "CO", "QLD"], strict=True)]
    neither = validate_frame(mapped(mixed), columns={}, options=ValidationOptions(currency_from_phones=True))
    assert neither.cases["currency"].unique().to_list() == ["EUR"]


def test_english_headers_and_dates_written_month_first_take_the_us_dollar():
    """A QuickBooks aging report in English, its dates month first ("01/23/2023"), names no currency:
    US dollars, said. The same dates under headers in another language only question the euro."""
    rows = [{"reference": f"SI-{i}", "debtor.name": "N", "amount": "800.00", "due_date": f"01/{23 + i}/2023"}
            for i in range(4)]
    english = validate_frame(mapped(rows), columns={},
                             options=ValidationOptions(currency_from_phones=True, header_languages=("en",)))
    assert english.cases["currency"].unique().to_list() == ["USD"]
    assert ("No column gives the currency: the amounts are read in USD, the currency of US, as the headers are in "
            "English and the dates are written month first ('01/23/2023'), not in EUR (the default currency).") in (
        " ".join(english.notices))
    french = validate_frame(mapped(rows), columns={},
                            options=ValidationOptions(currency_from_phones=True, header_languages=("fr",)))
    assert french.cases["currency"].unique().to_list() == ["EUR"]
    assert [n for n in french.notices if "month first" in n]


def test_debtors_of_one_country_under_headers_in_its_language_take_its_currency():
    """A Mexican lender's arrears name no currency: its debtors' country is Mexico and its headers are
    Spanish, so the amounts are pesos, said. Under English headers (written by exporters the world
    over) or French ones, the country alone only questions the euro."""
    rows = [{"reference": f"G{i}", "debtor.name": "Grupo Las Rosas", "amount": "1250.50", "debtor.address.country": "México"}
            for i in range(6)]

    def read_in(language: str) -> tuple[list[str | None], list[str]]:
        result = validate_frame(mapped(rows), columns={},
                                options=ValidationOptions(currency_from_phones=True, header_languages=(language,)))
        return result.cases["currency"].unique().to_list(), result.notices

    pesos, said = read_in("es")
    assert pesos == ["MXN"]
    assert any("read in MXN, the currency of MX, as the debtors' countries are MX and the headers are in a language of "
               "MX (es)" in n for n in said)
    for language in ("en", "fr"):
        euros, said = read_in(language)
        assert euros == ["EUR"] and any("whose currency is MXN" in n for n in said)


PROVINCES = ["BUENOS AIRES", "CORDOBA", "SANTA FE", "MENDOZA", "TUCUMAN", "CAPITAL FEDERAL", "SALTA", "CORRIENTES"]


def test_debtors_in_a_countrys_provinces_have_their_phones_read_there_and_its_peso():
    """An Argentine card issuer's portfolio: its debtors' provinces are Córdoba, Buenos Aires…, its
    numbers written with an empty area code before them ("0     -03815225232": Tucumán's 0381, not
    +381 dialled from abroad). The numbers are Argentina's, and so is the currency."""
    rows = [{"reference": f"DU{i}", "debtor.name": "N", "amount": "1250.00", "debtor.address.region": p,
             "debtor.phone": f"0     -0381{4200000 + 1371 * i}"} for i, p in enumerate(PROVINCES * 2)]
    result = validate_frame(mapped(rows), columns=COLUMNS, options=ValidationOptions(currency_from_phones=True))
    assert result.cases["debtor.phone"].to_list()[:2] == ["+543814200000", "+543814201371"]
    assert result.cases["currency"].unique().to_list() == ["ARS"]
    assert "its countries or its states, provinces or cities are of AR" in result.notices[0]


def test_a_currency_column_writing_the_dollar_sign_alone_is_the_peso_of_the_debtors_provinces():
    """A bank's arrears ("Moneda": $ on every row) whose debtors are in Argentine provinces: pesos,
    said, not US dollars. Debtors in US states keep US dollars, and so does a column writing USD."""
    rows = [{"reference": f"OP{i}", "debtor.name": "N", "amount": "1250.00", "currency": "$",
             "debtor.address.region": p} for i, p in enumerate(PROVINCES)]
    pesos = validate_frame(mapped(rows), columns={})
    assert pesos.cases["currency"].unique().to_list() == ["ARS"]
    assert ("The currency column writes '$' alone: it is read as ARS, the currency of AR, as the debtors' states or "
            "provinces are AR's ('BUENOS AIRES', 'CORDOBA'), not as US dollars.") in " ".join(pesos.notices)
    states = [{**r, "debtor.address.region": s} for r, s in zip(rows, ["TX", "CO", "MA", "OR", "WI", "GA", "NY", "CA"], strict=True)]
    assert validate_frame(mapped(states), columns={}).cases["currency"].unique().to_list() == ["USD"]
    written = [{**r, "currency": "USD"} for r in rows]
    assert validate_frame(mapped(written), columns={}).cases["currency"].unique().to_list() == ["USD"]


def test_numbers_that_lost_their_zero_in_another_country_are_not_read_as_the_default_region_s():
    # a Kenyan lender's mobiles stored as numbers ("769727778", "0769727778" in Kenya): two in three
    # are French numbers once a 0 is put back, the others no French numbers at all; none is French
    phones = ["769727778", "745050178", "705672679", "758448954", "710561510", "706578097", "759451140", "113028003",
              "728524908", "791506404", "745425418", "111663114"]
    rows = [{"reference": f"A{i}", "debtor.name": "N", "amount": "10.00", "debtor.phone": p} for i, p in enumerate(phones)]
    result = validate_frame(mapped(rows), columns=COLUMNS)
    assert read(result) == 0
    assert "phone-missing-leading-zero" not in set(result.problems["code"])
    invalid = result.problems.filter(pl.col("code") == "invalid-phone")
    assert invalid.height == len(phones)
    assert "not a number of FR, even with a leading 0 put back" in invalid.filter(pl.col("value") == "769727778")["message"][0]
    assert any(n.startswith("12 of 12 phone numbers without a country are not valid numbers of FR, the default region")
               for n in result.notices)
    # in a French file, the few numbers that lost their 0 among the others are French still
    french = [{"reference": f"F{i}", "debtor.name": "N", "amount": "10.00", "debtor.phone": p}
              for i, p in enumerate(["612345678", "06 12 34 56 79", "01 42 68 53 00", "12345"])]
    result = validate_frame(mapped(french), columns=COLUMNS)
    assert result.cases["debtor.phone"].to_list() == ["+33612345678", "+33612345679", "+33142685300", None]


def test_numbers_both_the_default_region_and_the_headers_country_read_are_the_headers_countrys():
    """A Japanese clinic's unpaid balances: '03-1234-5678', a Tokyo number, is a French one too
    (France, the default region, read it +33 3 12 34 56 78). Under Japanese headers, Japan's own
    language, they are Japan's; under English ones, the default's still."""
    phones = ["03-1234-5678", "03-2222-3333", "06-4444-5555"]
    rows = [{"reference": f"P{i}", "debtor.name": "N", "amount": "3750", "debtor.phone": p} for i, p in enumerate(phones)]
    japanese = validate_frame(mapped(rows), columns=COLUMNS, options=ValidationOptions(header_languages=("ja",)))
    assert japanese.cases["debtor.phone"].to_list() == ["+81312345678", "+81322223333", "+81644445555"]
    english = validate_frame(mapped(rows), columns=COLUMNS, options=ValidationOptions(header_languages=("en",)))
    assert english.cases["debtor.phone"].to_list()[0] == "+33312345678"


def test_debtors_in_one_countrys_cities_are_read_there():
    """A Moroccan lender's files name no country, state or currency: the debtors' cities
    (Casablanca, Témara, Salé…) are Morocco's. The mobiles stored as numbers ("612345678") are read
    there with their 0 put back, though France reads as many, and the amounts in dirhams."""
    cities = ["CASABLANCA", "TEMARA", "SALE", "Marrakech", "20250 Casablanca", "Rabat", "Tanger", "Sidi Bouzid"]
    rows = [{"reference": f"D{i}", "debtor.name": "N", "amount": "1250.00", "debtor.address.city": c,
             "debtor.phone": f"6{i}1234567"} for i, c in enumerate(cities)]
    result = validate_frame(mapped(rows), columns=COLUMNS, options=ValidationOptions(currency_from_phones=True))
    assert result.cases["debtor.phone"][0] == "+212601234567"
    assert "its states, provinces or cities are of MA" in result.notices[0]
    assert result.cases["currency"].unique().to_list() == ["MAD"]
    # without phones, the cities question the euro, and a second sign (French headers, spoken in
    # Morocco) takes the dirham
    bare = [{k: v for k, v in r.items() if k != "debtor.phone"} for r in rows]
    kept = validate_frame(mapped(bare), columns={}, options=ValidationOptions(currency_from_phones=True))
    assert kept.cases["currency"].unique().to_list() == ["EUR"]
    assert ("but the debtors' cities are in MA ('CASABLANCA', 'TEMARA'), whose currency is MAD."
            in " ".join(kept.notices))
    french = validate_frame(mapped(bare), columns={}, options=ValidationOptions(currency_from_phones=True,
                                                                                 header_languages=("fr",)))
    assert french.cases["currency"].unique().to_list() == ["MAD"]
    # cities several countries bear (Córdoba, Valencia, Santiago) or too few known ones place nobody
    for written in (["Cordoba", "Valencia", "Santiago", "Victoria"], ["Casablanca", "Rabat", "Ouled Frej", "Ain Bni Mathar"]):
        rows = [{**bare[0], "reference": f"X{i}", "debtor.address.city": c} for i, c in enumerate(written * 2)]
        nowhere = validate_frame(mapped(rows), columns={}, options=ValidationOptions(currency_from_phones=True))
        assert not [n for n in nowhere.notices if "cities" in n]
