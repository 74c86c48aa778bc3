"""Property tests: whatever we format parses back to the same message, and no bytes crash the parser."""

from hypothesis import given, settings
from hypothesis import strategies as st

from shuyuan.sip2 import messages as m
from shuyuan.sip2.tests.strategies import ANY_MESSAGE

ENCODINGS = st.sampled_from(["utf-8", "gb18030"])
SEQUENCES = st.none() | st.integers(0, 9)
TERMINATORS = st.sampled_from([b"\r", b"\r\n"])
CHECKSUMS = st.booleans()
EXAMPLES = settings(max_examples=200)  # the codec is cheap: more examples than the profile's 60


@EXAMPLES
@given(ANY_MESSAGE, ENCODINGS, SEQUENCES, CHECKSUMS, TERMINATORS)
def test_every_message_parses_back_to_itself(message, encoding, sequence, with_checksum, terminator):
    data = m.format_message(
        message, encoding=encoding, sequence=sequence, with_checksum=with_checksum, terminator=terminator
    )
    assert m.parse_message(data, encoding=encoding).message == message


@EXAMPLES
@given(ANY_MESSAGE, ENCODINGS, SEQUENCES)
def test_the_sequence_number_and_checksum_survive_the_round_trip(message, encoding, sequence):
    parsed = m.parse_message(
        m.format_message(message, encoding=encoding, sequence=sequence, with_checksum=True), encoding=encoding
    )
    resend = isinstance(message, (m.RequestAcsResend, m.RequestScResend))
    assert (parsed.sequence, parsed.has_checksum) == (None if resend else sequence, True)


@EXAMPLES
@given(ANY_MESSAGE, ENCODINGS)
def test_a_formatted_message_has_exactly_one_carriage_return_at_its_end(message, encoding):
    data = m.format_message(message, encoding=encoding, sequence=1, with_checksum=True)
    assert data.index(b"\r") == len(data) - 1


@EXAMPLES
@given(st.binary(max_size=300), ENCODINGS)
def test_any_bytes_either_parse_or_raise_a_parse_error(data, encoding):
    try:
        m.parse_message(data, encoding=encoding)
    except m.ParseError:
        pass


@EXAMPLES
@given(ANY_MESSAGE, st.data())
def test_a_message_with_a_changed_byte_is_detected_by_its_checksum(message, data):
    sent = m.format_message(message, sequence=0, with_checksum=True)[:-1]
    # Anything before the "AZ" tag; a garbled tag makes the message look unchecked, as in any SIP2 ACS.
    position = data.draw(st.integers(0, len(sent) - 7), label="position")
    delta = data.draw(st.integers(1, 255), label="delta")
    garbled = sent[:position] + bytes([(sent[position] + delta) % 256]) + sent[position + 1 :]
    try:
        m.parse_message(garbled)
    except m.ParseError as error:
        assert error.reason in {m.ParseErrorReason.BAD_CHECKSUM, m.ParseErrorReason.EMPTY}
    else:
        raise AssertionError("a garbled message was accepted")


@EXAMPLES
@given(ANY_MESSAGE, st.data())
def test_a_mutated_message_either_parses_or_raises_a_parse_error(message, data):
    sent = bytearray(m.format_message(message))
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        position = data.draw(st.integers(0, len(sent)), label="position")
        action = data.draw(st.sampled_from(["insert", "delete", "replace"]), label="action")
        byte = data.draw(st.integers(0, 255), label="byte")
        if action == "insert":
            sent.insert(position, byte)
        elif position < len(sent):
            if action == "delete":
                del sent[position]
            else:
                sent[position] = byte
    try:
        m.parse_message(bytes(sent))
    except m.ParseError:
        pass
