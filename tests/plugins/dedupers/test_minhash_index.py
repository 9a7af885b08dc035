import numpy as np

from zhiling.plugins.dedupers._minhash_index import SignatureStore, Spool


def test_spool_moves_to_disk_past_its_limit_and_keeps_order(tmp_path):
    spool = Spool(tmp_path / "spool", in_memory=3)
    spool.add([{"id": 1}, {"id": 2}])
    assert not (tmp_path / "spool").exists()
    spool.add([{"id": 3}, {"id": 4}])
    assert (tmp_path / "spool").exists()
    assert [item["id"] for item in spool] == [1, 2, 3, 4]
    assert not (tmp_path / "spool").exists()


def test_spool_that_is_read_again_keeps_its_items(tmp_path):
    spool = Spool(tmp_path / "spool", once=False, in_memory=1)
    spool.add(["a"])
    spool.add(["b"])
    assert list(spool) == list(spool) == ["a", "b"]


def test_signature_store_maps_every_batch_back_in_order(tmp_path):
    store = SignatureStore(tmp_path / "sigs", num_perm=4)
    first = np.arange(8, dtype=np.uint32).reshape(2, 4)
    store.append(first)
    store.append(first + 100)
    joined = store.array()
    assert joined.shape == (4, 4)
    assert np.array_equal(joined, np.concatenate([first, first + 100]))
    store.discard()
    assert not (tmp_path / "sigs").exists()
