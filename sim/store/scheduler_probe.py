"""Is there a Dask scheduler at this address? One bounded question before a Client is made.

`distributed.Client` waits for the comm handshake without a time limit, so a service that
is not Dask (a web server, a listener that stays silent) held `--scheduler` for ever, deaf
to Ctrl-C; and a Client that failed to connect printed a traceback from its teardown. The
probe connects with Dask's own comm, asks the server who it is and closes, all under one
deadline, on an event loop that Ctrl-C stops. Only an address that answers as a scheduler
gets a Client.
"""

from __future__ import annotations

import asyncio


class NotAScheduler(ValueError):
    """Nothing at the address answered as a Dask scheduler in time (the message says why)."""


def probe_scheduler(address: str, seconds: float) -> None:
    """Return if a Dask scheduler at `address` says who it is within `seconds`; else raise
    NotAScheduler. KeyboardInterrupt (Ctrl-C) stops the wait."""
    silent = f"no Dask scheduler answered within {seconds:g} s"
    try:
        answer = asyncio.run(asyncio.wait_for(_identity(address, seconds), seconds))
    except TimeoutError:
        raise NotAScheduler(silent) from None
    except _Unusable as error:
        raise NotAScheduler(f"not a usable address ({error})") from None
    except OSError as error:  # refused, unreachable, closed during the handshake
        raise NotAScheduler(f"{silent} ({error})") from None
    except Exception as error:  # whatever the other end sent, it was not a scheduler's answer
        raise NotAScheduler(f"the server there is not a Dask scheduler ({_text(error)})") from None
    if not isinstance(answer, dict) or answer.get("type") != "Scheduler":
        raise NotAScheduler("the server there answered, but not as a Dask scheduler")


class _Unusable(Exception):
    """The address itself cannot be connected to (no port, an unknown host form)."""


async def _identity(address: str, seconds: float) -> object:
    from distributed.comm import connect

    try:
        comm = await connect(address, timeout=seconds)
    except (ValueError, TypeError) as error:
        raise _Unusable(_text(error)) from None
    try:
        await comm.write({"op": "identity", "reply": True})
        return await comm.read()
    finally:
        comm.abort()


def _text(error: BaseException) -> str:
    return str(error).strip() or type(error).__name__
