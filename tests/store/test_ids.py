from getbill_import.store.ids import new_id, new_ids


def test_ids_of_successive_calls_sort_in_call_order_even_within_one_millisecond():
    batches = [new_ids("debt", 50, now_ms=1_700_000_000_000).to_list() for _ in range(20)]
    flat = [i for batch in batches for i in batch]
    assert flat == sorted(flat)
    assert len(set(flat)) == 1000


def test_id_shape():
    ident = new_id("debt")
    assert ident.startswith("debt_") and len(ident) == 31
    assert set(ident[5:]) <= set("0123456789abcdefghjkmnpqrstvwxyz")
