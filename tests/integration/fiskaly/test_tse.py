"""FiskalyTse (the till's TSE port) on the embedded fiskaly simulator: what a sale signs."""

from __future__ import annotations

import uuid

import pytest

from cashier.domain.fiscal import FiscalPayment, FiscalReceipt, FiscalReceiptType, FiscalVat
from cashier.domain.money import Money
from cashier.services.fiscal.fiskaly_tse import FiskalyTse, amount_text
from cashier.services.fiscal.port import TseRefused
from cashier.simulator.fiskaly import seed
from tests.helpers.fiskaly import FiskalySim
from tests.helpers.tse_verify import tss_serial, verify_qr

SALE = FiscalReceipt(
    FiscalReceiptType.RECEIPT,
    ((FiscalVat.NORMAL, Money(1234)), (FiscalVat.REDUCED_1, Money(250)), (FiscalVat.NULL, Money(100))),
    ((FiscalPayment.CASH, Money(1000)), (FiscalPayment.NON_CASH, Money(584))),
)


def new_id() -> str:
    return str(uuid.uuid4())


@pytest.mark.parametrize(
    ("cents", "text"), [(1234, "12.34"), (-150, "-1.50"), (0, "0.00"), (5, "0.05"), (-7, "-0.07")]
)
def test_cents_are_written_as_fiskaly_amounts(cents: int, text: str) -> None:
    assert amount_text(Money(cents)) == text


async def test_a_sale_starts_and_finishes_signed_with_a_qr_code_that_verifies(
    tse: FiskalyTse, fsim: FiskalySim
) -> None:
    tx = new_id()
    started = await tse.start(tx)
    assert (started.state, started.revision, started.number, started.signature) == ("ACTIVE", 1, 1, None)

    finished = await tse.finish(tx, 2, SALE)

    assert (finished.state, finished.revision, finished.number) == ("FINISHED", 2, 1)
    signed = finished.signature
    assert signed is not None
    assert signed.process_type == "Kassenbeleg-V1"
    assert signed.process_data == "Beleg^12.34_2.50_0.00_0.00_1.00^10.00:Bar_5.84:Unbar"
    assert (signed.number, signed.signature_counter) == (1, 2)  # start and finish are both signed
    assert signed.client_serial == seed.CLIENT_SERIAL
    assert (signed.algorithm, signed.time_format) == ("ecdsa-plain-SHA256", "unixTime")
    assert signed.time_start.tzinfo is not None
    assert signed.time_end >= signed.time_start
    tss = await fsim.inspect()
    assert signed.public_key == tss["public_key"]
    assert signed.tss_serial == tss_serial(tss["public_key"]) == tss["tss"]["serial_number"]
    assert signed.qr_code_data.split(";")[:6] == [
        "V0",
        seed.CLIENT_SERIAL,
        "Kassenbeleg-V1",
        signed.process_data,
        "1",
        "2",
    ]
    assert verify_qr(signed.qr_code_data, public_key=tss["public_key"])


async def test_a_qr_code_with_any_field_changed_does_not_verify(tse: FiskalyTse) -> None:
    tx = new_id()
    await tse.start(tx)
    qr = (await tse.finish(tx, 2, SALE)).signature
    assert qr is not None
    assert verify_qr(qr.qr_code_data)
    fields = qr.qr_code_data.split(";")
    changes = {
        1: "ERS someone-else",
        2: "Bestellung-V1",
        3: fields[3].replace("12.34", "12.35"),
        4: "2",
        5: "3",
        7: fields[7].replace(fields[7][17:19], f"{(int(fields[7][17:19]) + 1) % 60:02d}"),
        8: "ecdsa-plain-SHA384",
        9: "utcTime",
        10: fields[10][:-4] + ("AAA=" if not fields[10].endswith("AAA=") else "BBB="),
    }
    for index, value in changes.items():
        changed = list(fields)
        changed[index] = value
        assert not verify_qr(";".join(changed)), f"field {index} changed and still verified"
    other_key = "BFt6" + fields[11][4:]
    assert not verify_qr(";".join([*fields[:11], other_key]))
    assert not verify_qr(qr.qr_code_data, public_key=other_key)


async def test_numbers_and_counters_go_up_per_tss(tse: FiskalyTse, fsim: FiskalySim) -> None:
    first, second = new_id(), new_id()
    await tse.start(first)
    await tse.start(second)
    done = await tse.finish(second, 2, SALE)
    cancelled = await tse.cancel(first, 2)
    assert done.number == 2
    assert cancelled.number == 1
    assert done.signature is not None
    assert cancelled.signature is not None
    assert (done.signature.signature_counter, cancelled.signature.signature_counter) == (3, 4)
    status = await tse.status()
    assert (status.signature_counter, status.transaction_counter, status.open_transactions) == (4, 2, 0)


async def test_a_cancellation_is_an_aborted_receipt_without_amounts(tse: FiskalyTse) -> None:
    tx = new_id()
    await tse.start(tx)
    cancelled = await tse.cancel(tx, 2)
    assert cancelled.state == "CANCELLED"
    assert cancelled.signature is not None
    assert cancelled.signature.process_data == "AVBelegabbruch^0.00_0.00_0.00_0.00_0.00^"
    assert verify_qr(cancelled.signature.qr_code_data)


@pytest.mark.parametrize(
    ("receipt", "data"),
    [
        (SALE.negated(), "Beleg^-12.34_-2.50_0.00_0.00_-1.00^-10.00:Bar_-5.84:Unbar"),
        (
            FiscalReceipt(
                FiscalReceiptType.TRAINING,
                ((FiscalVat.NORMAL, Money(250)),),
                ((FiscalPayment.CASH, Money(250)),),
            ),
            "AVTraining^2.50_0.00_0.00_0.00_0.00^2.50:Bar",
        ),
        (FiscalReceipt(FiscalReceiptType.OTHER), "AVSonstige^0.00_0.00_0.00_0.00_0.00^"),
    ],
)
async def test_other_receipts_sign_what_they_say(tse: FiskalyTse, receipt: FiscalReceipt, data: str) -> None:
    tx = new_id()
    await tse.start(tx)
    signed = (await tse.finish(tx, 2, receipt)).signature
    assert signed is not None
    assert signed.process_data == data
    assert verify_qr(signed.qr_code_data)


async def test_lookup_tells_what_the_tse_has(tse: FiskalyTse) -> None:
    tx = new_id()
    assert await tse.lookup(tx) is None
    await tse.start(tx)
    active = await tse.lookup(tx)
    assert active is not None
    assert (active.state, active.revision, active.signature) == ("ACTIVE", 1, None)
    finished = await tse.finish(tx, 2, SALE)
    looked_up = await tse.lookup(tx)
    assert looked_up == finished


async def test_resending_the_latest_revision_answers_the_transaction_as_it_is(tse: FiskalyTse) -> None:
    tx = new_id()
    assert await tse.start(tx) == await tse.start(tx)
    finished = await tse.finish(tx, 2, SALE)
    again = await tse.finish(tx, 2, SALE)
    assert again == finished  # the same signature, the counter did not move
    assert (await tse.status()).signature_counter == 2


@pytest.mark.parametrize("revision", [1, 3, 7])
async def test_a_wrong_revision_is_refused(tse: FiskalyTse, revision: int) -> None:
    tx = new_id()
    await tse.start(tx)
    with pytest.raises(TseRefused) as refused:
        await tse.finish(tx, revision, SALE)
    assert (refused.value.status, refused.value.code) == (409, "E_TX_UPSERT")
    assert (await tse.lookup(tx)) is not None
    assert (await tse.lookup(tx)).state == "ACTIVE"


async def test_a_finished_transaction_is_final(tse: FiskalyTse) -> None:
    tx = new_id()
    await tse.start(tx)
    await tse.finish(tx, 2, SALE)
    with pytest.raises(TseRefused) as refused:
        await tse.cancel(tx, 3)
    assert refused.value.code == "E_TX_UPSERT"
    with pytest.raises(TseRefused):
        await tse.cancel(tx, 2)  # the latest revision, another state


async def test_an_unknown_tss_or_client_is_refused_with_fiskalys_code(fsim: FiskalySim) -> None:
    unknown_tss = FiskalyTse(fsim.client(), new_id(), seed.CLIENT_ID, "simulator")
    with pytest.raises(TseRefused) as refused:
        await unknown_tss.start(new_id())
    assert (refused.value.status, refused.value.code) == (404, "E_TSS_NOT_FOUND")
    with pytest.raises(TseRefused):
        await unknown_tss.lookup(new_id())  # not "never heard of it": the TSS is wrong
    unknown_client = FiskalyTse(fsim.client(), seed.TSS_ID, new_id(), "simulator")
    with pytest.raises(TseRefused) as refused:
        await unknown_client.start(new_id())
    assert (refused.value.status, refused.value.code) == (400, "E_CLIENT_NOT_FOUND")


async def test_status_reports_the_tss_and_this_tills_client(tse: FiskalyTse, fsim: FiskalySim) -> None:
    status = await tse.status()
    tss = await fsim.inspect()
    assert (status.environment, status.tss_id, status.tss_state) == ("simulator", seed.TSS_ID, "INITIALIZED")
    assert (status.client_id, status.client_serial, status.client_state) == (
        seed.CLIENT_ID,
        seed.CLIENT_SERIAL,
        "REGISTERED",
    )
    assert status.public_key == tss["public_key"]
    assert status.tss_serial == tss["tss"]["serial_number"]
    assert status.certificate is not None
    assert status.certificate.startswith("-----BEGIN CERTIFICATE-----")
    assert (status.signature_algorithm, status.time_format) == ("ecdsa-plain-SHA256", "unixTime")
    unregistered = await FiskalyTse(fsim.client(), seed.TSS_ID, new_id(), "simulator").status()
    assert (unregistered.tss_state, unregistered.client_state, unregistered.client_serial) == (
        "INITIALIZED",
        None,
        None,
    )


async def test_the_seed_tss_keeps_its_key_after_a_reset(fsim: FiskalySim) -> None:
    before = await fsim.inspect()
    assert (await fsim.control().post("/simulator/reset")).status_code == 200
    assert (await fsim.inspect())["public_key"] == before["public_key"]
