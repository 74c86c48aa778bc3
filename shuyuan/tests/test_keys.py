from shuyuan.keys import decrypt, encrypt, keyed_hash


def test_personal_data_round_trips_through_encryption_and_is_not_stored_in_clear():
    token = encrypt("430281199001011234")
    assert "430281199001011234" not in token
    assert decrypt(token) == "430281199001011234"


def test_keyed_hashes_are_stable_and_separated_by_purpose():
    assert keyed_hash("id", "123") == keyed_hash("id", "123")
    assert keyed_hash("id", "123") != keyed_hash("phone", "123")
