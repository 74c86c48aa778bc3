"""The ceiling: a trivial SIP2 server (asyncio on uvloop, as the real one) that answers from memory.

It frames, parses and formats exactly as the real server does (the same codec), but touches no
database; the real server's throughput divided by this one's is the price of doing real work.
``python -m bench.sip2.trivial --port N``
"""

import argparse
import asyncio
from datetime import datetime

import uvloop

from shuyuan.sip2 import messages as m


def answer(request: m.Message) -> m.Message:
    now = datetime.now().replace(microsecond=0)
    patron_id = getattr(request, "patron_id", "")
    item_id = getattr(request, "item_id", "")
    if isinstance(request, m.LoginRequest):
        return m.LoginResponse(ok=True)
    if isinstance(request, m.PatronInformationRequest):
        return m.PatronInformationResponse(
            language="019",
            transaction_date=now,
            institution_id="BENCH",
            patron_id=patron_id,
            personal_name="读者",
            valid_patron=True,
            valid_patron_password=True,
        )
    if isinstance(request, m.CheckoutRequest):
        return m.CheckoutResponse(
            ok=True,
            magnetic_media=False,
            desensitize=True,
            transaction_date=now,
            institution_id="BENCH",
            patron_id=patron_id,
            item_id=item_id,
            title_id="书名",
            due_date="20160807    235959",
        )
    if isinstance(request, m.CheckinRequest):
        return m.CheckinResponse(
            ok=True,
            resensitize=True,
            magnetic_media=False,
            transaction_date=now,
            institution_id="BENCH",
            item_id=item_id,
            permanent_location="总馆",
        )
    return m.AcsStatus(date_time_sync=now, institution_id="BENCH", supported_messages="Y" * 16)


async def serve_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            line = await reader.readuntil(b"\r")
            try:
                parsed = m.parse_message(line)
            except m.ParseError:
                writer.write(b"96\r")
            else:
                writer.write(
                    m.format_message(
                        answer(parsed.message), sequence=parsed.sequence, with_checksum=parsed.has_checksum
                    )
                )
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main(host: str, port: int) -> None:
    server = await asyncio.start_server(serve_connection, host, port)
    print(f"trivial SIP2 server listening on {host}:{server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    uvloop.run(main(args.host, args.port))
