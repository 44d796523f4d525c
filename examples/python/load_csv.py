"""Streams a CSV catalog to product-ingest and prints the job's summary.

A producer written from proto/src/main/proto/productingest/v1/ingest.proto alone, following
docs/protocol.md: a header, then chunks of rows in offset order; when the stream breaks with a
status worth retrying, it asks GetJob for the committed offset and resumes from there, on the next
server of the list. The CSV has the columns the Java CLI reads: sku, name, description, category,
price (major units), currency, stock, active, updated_at (ISO-8601), attr.<name>..., deleted.
"""
import argparse
import csv
import datetime
import decimal
import os
import sys
import time

import grpc

from productingest.v1 import ingest_pb2 as pb
from productingest.v1 import ingest_pb2_grpc as rpc

RETRYABLE = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.CANCELLED, grpc.StatusCode.ABORTED,
             grpc.StatusCode.RESOURCE_EXHAUSTED}
# ISO 4217 minor units where they are not 2; the server holds the full table and rejects the rest.
MINOR_UNITS = {"JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0, "VND": 0, "BHD": 3, "KWD": 3, "JOD": 3, "OMR": 3, "TND": 3}
CHUNK_ROWS = 1000


def read_row(record):
    """A CSV record as a ProductRow; raises ValueError naming the field it cannot read."""
    row = pb.ProductRow(sku=record.get("sku", ""), name=record.get("name", ""),
                        description=record.get("description", ""), category=record.get("category", ""),
                        currency=record.get("currency", ""))
    row.deleted = record.get("deleted", "false").strip().lower() == "true"
    try:
        when = datetime.datetime.fromisoformat(record["updated_at"].replace("Z", "+00:00"))
    except (KeyError, ValueError):
        raise ValueError("updated_at", "'%s' is not an ISO-8601 time" % record.get("updated_at"))
    row.updated_at.FromDatetime(when.astimezone(datetime.timezone.utc).replace(tzinfo=None))
    if row.deleted:
        return row
    try:
        price = decimal.Decimal(record["price"])
        minor = price.scaleb(MINOR_UNITS.get(row.currency, 2))
        if minor != minor.to_integral_value():
            raise ValueError("price", "'%s' has more fraction digits than %s has" % (record["price"], row.currency))
        row.price_minor = int(minor)
    except (KeyError, decimal.InvalidOperation):
        raise ValueError("price", "'%s' is not a number" % record.get("price"))
    try:
        row.stock = int(record.get("stock") or 0)
    except ValueError:
        raise ValueError("stock", "'%s' is not a whole number" % record.get("stock"))
    row.active = record.get("active", "true").strip().lower() != "false"
    for column, value in record.items():
        if column.startswith("attr.") and value:
            row.attributes[column[len("attr."):]] = value
    return row


def requests(path, header, start):
    """The stream's messages: the header, then chunks of the file's rows from offset `start` on."""
    yield pb.IngestRequest(header=header)
    with open(path, newline="", encoding="utf-8") as f:
        chunk = pb.RowChunk(first_offset=start)
        for offset, record in enumerate(csv.DictReader(f)):
            if offset < start:
                continue
            try:
                chunk.rows.append(read_row(record))
            except ValueError as e:
                field, reason = e.args
                chunk.unreadable.append(pb.RowError(offset=offset, sku=record.get("sku", ""), field=field, reason=reason))
            if len(chunk.rows) + len(chunk.unreadable) == CHUNK_ROWS:
                yield pb.IngestRequest(chunk=chunk)
                chunk = pb.RowChunk(first_offset=offset + 1)
        if len(chunk.rows) + len(chunk.unreadable):
            yield pb.IngestRequest(chunk=chunk)


def committed_offset(stub, job_id, metadata):
    """Where the job stands: its committed offset, or 0 when the server has never heard of it."""
    try:
        return stub.GetJob(pb.GetJobRequest(job_id=job_id), metadata=metadata).summary.committed_offset
    except grpc.RpcError as e:
        if e.code() == grpc.StatusCode.NOT_FOUND:
            return 0
        raise


def snapshot_header(header, as_of):
    """A SNAPSHOT load: the file is the whole catalog as of `as_of` (ISO-8601), else as of its newest row."""
    header.mode = pb.SNAPSHOT
    if as_of:
        header.as_of.FromDatetime(datetime.datetime.fromisoformat(as_of.replace("Z", "+00:00")).astimezone(datetime.timezone.utc)
                                  .replace(tzinfo=None))
    return header


def load(servers, path, job_id, source, token=None, snapshot=False, as_of=None, attempts=24):
    header = pb.IngestHeader(job_id=job_id, source=source)
    if snapshot:
        snapshot_header(header, as_of)
    # The server's credential, when it asks for one: a bearer token on every call.
    metadata = [("authorization", "Bearer " + token)] if token else []
    wait = 0.5
    for attempt in range(1, attempts + 1):
        target = servers[(attempt - 1) % len(servers)]
        try:
            with grpc.insecure_channel(target) as channel:
                stub = rpc.ProductIngestStub(channel)
                start = committed_offset(stub, job_id, metadata)
                print("job %s: sending from offset %d to %s" % (job_id, start, target), file=sys.stderr)
                return stub.Ingest(requests(path, header, start), metadata=metadata)
        except grpc.RpcError as e:
            if e.code() not in RETRYABLE or attempt == attempts:
                raise
            print("%s: %s; attempt %d of %d" % (e.code().name, e.details(), attempt, attempts), file=sys.stderr)
            time.sleep(wait)
            wait = min(wait * 2, 8)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--server", default="localhost:50051", help="host:port, or several separated by commas")
    parser.add_argument("--job-id", required=True, help="name the job, so that a broken stream can resume it")
    parser.add_argument("--token", default=os.environ.get("INGEST_TOKEN"), help="the server's bearer token (default: $INGEST_TOKEN)")
    parser.add_argument("--snapshot", action="store_true", help="the file is the whole catalog: what it does not carry is retired")
    parser.add_argument("--as-of", help="with --snapshot: when the file's data was taken (ISO-8601, e.g. 2024-05-01T00:00:00Z)")
    args = parser.parse_args()
    if args.as_of and not args.snapshot:
        parser.error("--as-of is for --snapshot loads")
    try:
        summary = load(args.server.split(","), args.file, args.job_id, args.file, token=args.token, snapshot=args.snapshot,
                       as_of=args.as_of)
    except grpc.RpcError as e:
        print("error: %s: %s" % (e.code().name, e.details()), file=sys.stderr)
        return 1
    print("job %s %s: received %d, inserted %d, updated %d, unchanged %d, stale %d, deleted %d, rejected %d; committed offset %d"
          % (summary.job_id, pb.JobState.Name(summary.state), summary.received, summary.inserted, summary.updated,
             summary.unchanged, summary.stale, summary.deleted, summary.rejected, summary.committed_offset))
    for reject in summary.first_rejects:
        print("  offset %d sku '%s' %s: %s" % (reject.offset, reject.sku, reject.field, reject.reason))
    return 0 if summary.state == pb.COMPLETED and summary.rejected == 0 else 2 if summary.state == pb.COMPLETED else 1


if __name__ == "__main__":
    sys.exit(main())
