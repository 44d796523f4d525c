"""Streams a CSV catalog to product-ingest and prints the job's summary.

A producer written from proto/src/main/proto/productingest/v1/ingest.proto alone, following
docs/protocol.md: a header, then chunks of rows in offset order; when the stream breaks with a
status worth retrying, it asks GetJob for the committed offset and resumes from there, on the next
server of the list. The CSV has the columns the Java CLI reads: sku, name, description, category,
price (major units), currency, stock, active, updated_at (ISO-8601), attr.<name>..., deleted; names
are matched without regard to case or surrounding spaces. As for the CLI, the columns decide what
each row carries: name, price and currency a whole product; otherwise the field groups the columns
carry, named in each row (sku,price,currency,updated_at a price feed, sku,stock,updated_at a stock
feed). It reads files as the CLI does
(docs/loads.md): --encoding (a UTF-8 or UTF-16 byte-order mark decides by itself), --delimiter,
--decimal-comma, and bytes not in the encoding reject their row, naming line, column and byte offset.
"""
import argparse
import codecs
import csv
import datetime
import decimal
import io
import os
import re
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
REQUIRED = ["sku", "updated_at"]
OPTIONAL = ["name", "description", "category", "active", "price", "currency", "stock", "deleted"]
# Columns of the content group that mean nothing without its name (a named group is carried whole).
CONTENT_BESIDE_NAME = ["description", "category", "active"]
BOMS = [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
# The names the Java CLI prints, so that both say the same.
SHOWN = {"utf-8": "UTF-8", "cp1252": "windows-1252", "latin-1": "ISO-8859-1", "iso8859-1": "ISO-8859-1",
         "utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE"}
SAMPLE_ROWS = 100
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


class FileError(Exception):
    """A file that cannot be read as a catalog at all: the load stops before anything is sent."""


class CsvOptions:
    def __init__(self, encoding="utf-8", delimiter=",", decimal_comma=False):
        self.codec = codecs.lookup(encoding).name
        # Without a byte-order mark, UTF-16 is big-endian, as the Java CLI reads it.
        self.codec = {"utf-16": "utf-16-be", "utf-32": "utf-32-be"}.get(self.codec, self.codec)
        self.delimiter = delimiter
        self.decimal_comma = decimal_comma


def shown(codec):
    return SHOWN.get(codec, codec.upper())


def is_mark(c):
    """A byte the encoding does not have, as surrogateescape carries it (never U+FFFD)."""
    return "\udc80" <= c <= "\udcff"


def with_marks_shown(text):
    return "".join("\\x%02X" % (ord(c) - 0xDC00) if is_mark(c) else c for c in text)


def looks_like(data, told):
    """The encoding some bytes look like, other than `told`: UTF-16 by its NULs, UTF-8, windows-1252."""
    pairs = min(len(data), 4096) // 2
    even = sum(1 for i in range(0, pairs * 2, 2) if data[i] == 0)
    odd = sum(1 for i in range(1, pairs * 2, 2) if data[i] == 0)
    if pairs >= 2 and odd * 2 >= pairs and even * 10 < pairs and told != "utf-16-le":
        return "utf-16-le"
    if pairs >= 2 and even * 2 >= pairs and odd * 10 < pairs and told != "utf-16-be":
        return "utf-16-be"
    for candidate in ("utf-8", "cp1252"):
        if candidate != told and (candidate != "utf-8" or any(b >= 0x80 for b in data)):
            try:
                codecs.getincrementaldecoder(candidate)().decode(data, final=False)
                return candidate
            except UnicodeDecodeError:
                pass
    return None


def advice(data, told):
    likely = looks_like(data, told)
    if likely is None:
        return "give the file's encoding with --encoding"
    return "the file looks like %s: try --encoding %s" % (shown(likely), shown(likely))


def columns(header):
    """The header's columns as {column: position}, attributes as {"attr.Name": position}; FileError if it cannot be read."""
    keys = []
    for written in header:
        name = written.strip()
        if name.lower().startswith("attr.") and name[5:].strip():
            keys.append("attr." + name[5:].strip())
        else:
            keys.append(name.lower() if name.lower() in REQUIRED + OPTIONAL else None)
    for required in REQUIRED:
        if required not in keys:
            raise FileError("the header has no '%s' column; it names %s and needs %s and the columns of a product or a"
                            " feed" % (required, header, REQUIRED))
    positions = {}
    for i, key in enumerate(keys):
        if key is None:
            raise FileError("unknown column '%s' in the header" % header[i].strip())
        if key in positions:
            raise FileError("the header names the column '%s' twice: column %d '%s' and column %d '%s'"
                            % (key, positions[key] + 1, header[positions[key]], i + 1, header[i]))
        positions[key] = i
    carried_groups(positions)
    return positions


def carried_groups(positions):
    """The FieldGroup values every live row of the file names: [] for a whole product (name, price and currency, with or
    without stock, as every file before field groups), None for a file that only deletes; FileError for a group in
    part."""
    name, price, stock = "name" in positions, "price" in positions, "stock" in positions
    if not name:
        content = [c for c in CONTENT_BESIDE_NAME if c in positions] + sorted(c for c in positions if c.startswith("attr."))
        if content:
            raise FileError("the header has %s but no 'name' column: these are the product's content, which is carried"
                            " whole with its name; add a 'name' column, or leave them out of a price or stock feed"
                            % ", ".join(content))
    if price != ("currency" in positions):
        raise FileError("the header has a 'price' column but no 'currency' column: add 'currency', the ISO 4217 code of"
                        " each price" if price else
                        "the header has a 'currency' column but no 'price' column: add 'price', or leave 'currency' out")
    if name and price:
        return []
    groups = [g for g, carried in ((pb.CONTENT, name), (pb.PRICE, price), (pb.STOCK, stock)) if carried]
    if groups:
        return groups
    if "deleted" not in positions:
        raise FileError("the header carries no product fields: add name, price and currency (a whole product), price"
                        " and currency (a price feed) or stock (a stock feed); a file that only deletes products has a"
                        " 'deleted' column")
    return None


def decoded_prefix(data, codec):
    """The text of the bytes up to the first one the codec does not have."""
    try:
        return codecs.getincrementaldecoder(codec)().decode(data, final=False)
    except UnicodeDecodeError as e:
        return data[:e.start].decode(codec, errors="ignore")


def header_hint(start, told, told_delimiter, encoding_known):
    """The delimiter (and encoding) with which a header that cannot be read would read, as options: the smallest
    change first."""
    codecs_to_try = [told] + ([] if encoding_known else ["utf-8", "utf-16-le", "utf-16-be", "cp1252"])
    for changes in (1, 2):
        for codec in dict.fromkeys(codecs_to_try):
            for delimiter in (",", ";", "\t", "|"):
                if (codec != told) + (delimiter != told_delimiter) != changes:
                    continue
                try:
                    header = next(csv.reader(split_lines(decoded_prefix(start, codec)), delimiter=delimiter))
                    if "\0" not in "".join(header):
                        columns(header)
                        named = "tab" if delimiter == "\t" else delimiter
                        flag = "tab" if delimiter == "\t" else "'%s'" % delimiter
                        if codec == told:
                            return "the file looks %s-separated: try --delimiter %s" % (named, flag)
                        if delimiter == told_delimiter:
                            return "the file looks like %s: try --encoding %s" % (shown(codec), shown(codec))
                        return "the file looks like %s, %s-separated: try --encoding %s --delimiter %s" % (
                            shown(codec), named, shown(codec), flag)
                except (FileError, StopIteration, csv.Error):
                    pass
    return None


def split_lines(text):
    """Lines as CSV counts them, each with its end (CR, LF or CRLF); the last may have none yet."""
    return LINE.findall(text)


def read_records(path, options):
    """(offset, sku, row) for every row of the file, row a ProductRow, an Unreadable or an Undecodable; FileError when
    the file cannot be read at all."""
    with open(path, "rb") as raw:
        start = raw.read(64 * 1024)
        raw.seek(0)
        bom, codec = next(((b, c) for b, c in BOMS if start.startswith(b)), (b"", options.codec))
        raw.read(len(bom))
        text = io.TextIOWrapper(raw, encoding=codec, errors="surrogateescape", newline="")
        lines = []  # (line number, byte offset, text) of the lines the current record was read from

        def physical_lines():
            number, offset, pending = 0, len(bom), ""
            for chunk in iter(lambda: text.read(64 * 1024), ""):
                pieces = split_lines(pending + chunk)
                # The last piece waits for the next chunk: its line may go on, or its CR be half of a CRLF.
                pending = pieces.pop() if pieces else ""
                for line in pieces:
                    number += 1
                    lines.append((number, offset, line))
                    offset += len(line.encode(codec, "surrogateescape"))
                    yield line
            if pending:
                lines.append((number + 1, offset, pending))
                yield pending

        sample = start[len(bom):]
        try:
            reader = csv.reader(physical_lines(), delimiter=options.delimiter, strict=True)
            header = next(reader, None)
            if header is None:
                raise FileError("the file is empty: the first line must be a header naming the columns")
            marked = first_mark(header, lines, codec)
            if marked:
                raise FileError("%s: the header '%s' holds bytes that are not %s; %s" % (
                    marked.where(""), with_marks_shown(header[marked.column]), shown(codec),
                    header_hint(sample, codec, options.delimiter, bool(bom)) or advice(sample, codec)))
            if "\0" in "".join(header):
                raise FileError("the header holds NUL characters, which no %s text has; %s" % (
                    shown(codec), header_hint(sample, codec, options.delimiter, bool(bom)) or advice(sample, codec)))
            try:
                positions = columns(header)
            except FileError as e:
                hint = header_hint(sample, codec, options.delimiter, bool(bom))
                raise FileError("%s; %s" % (e, hint) if hint else str(e))
            groups = carried_groups(positions)
            offset = 0
            while True:
                del lines[:]
                record = next(reader, None)
                if record is None:
                    return
                if record:  # not a blank line
                    yield (offset,) + read_record(record, header, positions, groups, lines, codec, options)
                    offset += 1
        except UnicodeDecodeError as e:
            raise FileError("the file is not %s: %s; %s" % (shown(codec), e.reason, advice(sample, codec)))
        except csv.Error as e:
            raise FileError("the CSV is malformed after line %d: %s" % (reader.line_num, with_marks_shown(str(e))))


class Mark:
    """Where a record's first byte not in the encoding is."""
    def __init__(self, line, column, offset):
        self.line, self.column, self.offset = line, column, offset

    def where(self, name):
        return "line %d, column %d%s, byte offset %d" % (self.line, self.column + 1, " (%s)" % name if name else "", self.offset)


class Unreadable:
    """A row that cannot be read: the server rejects it with this field and reason, and the load goes on."""
    def __init__(self, field, reason):
        self.field, self.reason = field, reason


class Undecodable(Unreadable):
    """A row holding bytes its file's encoding does not have."""
    def __init__(self, field, reason, encoding, summary):
        Unreadable.__init__(self, field, reason)
        self.encoding, self.summary = encoding, summary


def first_mark(record, lines, codec):
    """The Mark of a record's first byte not in the encoding, or None."""
    column = next((i for i, value in enumerate(record) if any(is_mark(c) for c in value)), None)
    if column is None:
        return None
    # The first mark in the record's lines is its first marked value's: delimiters and quotes are no marks.
    for number, offset, line in lines:
        at = next((i for i, c in enumerate(line) if is_mark(c)), None)
        if at is not None:
            return Mark(number, column, offset + len(line[:at].encode(codec, "surrogateescape")))
    return None


def read_record(record, header, positions, groups, lines, codec, options):
    """(sku, row) for one record."""
    sku = with_marks_shown(record[positions["sku"]]) if positions["sku"] < len(record) else ""
    mark = first_mark(record, lines, codec)
    if mark:
        key = next((key for key, i in positions.items() if i == mark.column), "")
        name = header[mark.column].strip() if mark.column < len(header) else ""
        value = record[mark.column]
        raw = b"".join(bytes([ord(c) - 0xDC00]) if is_mark(c) else c.encode(codec) for c in value)
        field = "attributes" if key.startswith("attr.") else key or "row"
        shown_value = "'%s'" % with_marks_shown(value)
        return sku, Undecodable(field, "%s: %s%s holds bytes that are not %s; %s" % (
            mark.where(name), name + " " if name else "", shown_value, shown(codec), advice(raw, codec)),
            shown(codec), "%s, %s); %s" % (mark.where(name), shown_value, advice(raw, codec)))
    if len(record) != len(positions):
        return sku, Unreadable("row", "line %d: has %d values; the header names %d columns" % (lines[0][0], len(record), len(positions)))
    try:
        return sku, read_row({key: record[i] for key, i in positions.items()}, groups, options)
    except ValueError as e:
        field, reason = e.args
        return sku, Unreadable(field, "line %d: %s" % (lines[0][0], reason))


def point_form(text, decimal_comma):
    """A price as Python's Decimal reads it; with a decimal comma, refuses what reads two ways, as the server's rules do."""
    text = text.strip()
    if not decimal_comma:
        return text
    whole, comma, fraction = text.partition(",")
    if "," in fraction or "." in fraction:
        raise ValueError("price", "price '%s' is not a decimal number" % text)
    if "." in whole:
        digits = whole.lstrip("+-")
        groups = digits.split(".")
        if not (1 <= len(groups[0]) <= 3 and all(g.isdigit() for g in groups) and all(len(g) == 3 for g in groups[1:])):
            if len(groups) == 2 and not comma and all(g.isdigit() for g in groups):
                raise ValueError("price", "price '%s' has a decimal point, but amounts are read with a decimal comma (%s)"
                                 % (text, digits.replace(".", ",")))
            raise ValueError("price", "price '%s' is not a decimal number" % text)
        if len(groups) == 2 and not comma:
            raise ValueError("price", "price '%s' is ambiguous: %s with a thousands point, or %s with a decimal point;"
                             " write it without the point, or with a comma" % (text, digits.replace(".", ""), digits.replace(".", ",")))
        whole = whole.replace(".", "")
    return whole + ("." + fraction if comma else "")


def read_row(record, groups, options):
    """A record's values by column as a ProductRow naming `groups` (carried_groups), and only their fields set; raises
    ValueError naming the field it cannot read."""
    row = pb.ProductRow(sku=record.get("sku", ""))
    row.deleted = record.get("deleted", "false").strip().lower() == "true"
    try:
        when = datetime.datetime.fromisoformat(record["updated_at"].strip().replace("Z", "+00:00"))
    except (KeyError, ValueError):
        raise ValueError("updated_at", "updated_at '%s' is not an ISO-8601 time" % record.get("updated_at"))
    row.updated_at.FromDatetime(when.astimezone(datetime.timezone.utc).replace(tzinfo=None))
    if row.deleted:
        return row
    if groups is None:
        raise ValueError("deleted", "deleted is not true, but the file has no product columns (name, price and currency,"
                         " or stock) to keep it with: it can only delete products")
    row.groups.extend(groups)
    content, price, stock = (not groups or g in groups for g in (pb.CONTENT, pb.PRICE, pb.STOCK))
    if content:
        row.name, row.description, row.category = (record.get(c, "") for c in ("name", "description", "category"))
    if price:
        read_price(record, row, options)
    if stock:
        try:
            row.stock = int(record.get("stock") or 0)
        except ValueError:
            raise ValueError("stock", "stock '%s' is not a whole number" % record.get("stock"))
    if content:
        row.active = record.get("active", "true").strip().lower() != "false"
        for column, value in record.items():
            if column.startswith("attr.") and value:
                row.attributes[column[len("attr."):]] = value
    return row


def read_price(record, row, options):
    row.currency = record.get("currency", "").strip()
    try:
        price = decimal.Decimal(point_form(record["price"], options.decimal_comma))
        minor = price.scaleb(MINOR_UNITS.get(row.currency, 2))
        if minor != minor.to_integral_value():
            raise ValueError("price", "price '%s' has more fraction digits than %s has" % (record["price"], row.currency))
        row.price_minor = int(minor)
    except (KeyError, decimal.InvalidOperation):
        raise ValueError("price", "price '%s' is not a decimal number" % record.get("price"))


def check_file(path, options):
    """Refuses, before anything is sent, a file whose header cannot be read or that plainly is not in its encoding:
    more than half of its first 100 rows hold bytes the encoding does not have."""
    sampled, undecodable = [], []
    for _, _, row in read_records(path, options):
        sampled.append(row)
        if isinstance(row, Undecodable):
            undecodable.append(row)
        if len(sampled) == SAMPLE_ROWS:
            break
    if len(undecodable) * 2 > len(sampled):
        raise FileError("the file is not %s: %d of its first %d rows hold bytes that are not %s (the first: %s"
                        % (undecodable[0].encoding, len(undecodable), len(sampled), undecodable[0].encoding, undecodable[0].summary))


def requests(path, header, start, options):
    """The stream's messages: the header, then chunks of the file's rows from offset `start` on."""
    yield pb.IngestRequest(header=header)
    chunk = pb.RowChunk(first_offset=start)
    for offset, sku, row in read_records(path, options):
        if offset < start:
            continue
        if isinstance(row, Unreadable):
            chunk.unreadable.append(pb.RowError(offset=offset, sku=sku, field=row.field, reason=row.reason))
        else:
            chunk.rows.append(row)
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


def load(servers, path, job_id, source, options, token=None, snapshot=False, as_of=None, attempts=24):
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
                return stub.Ingest(requests(path, header, start, options), metadata=metadata)
        except grpc.RpcError as e:
            if e.code() not in RETRYABLE or attempt == attempts:
                raise
            print("%s: %s; attempt %d of %d" % (e.code().name, e.details(), attempt, attempts), file=sys.stderr)
            time.sleep(wait)
            wait = min(wait * 2, 8)


def delimiter(value):
    if value.lower() == "tab" or value in ("\\t", "\t"):
        return "\t"
    if len(value) != 1 or value in "\"\r\n":
        raise argparse.ArgumentTypeError("'%s' is not a delimiter: give one character, such as ';' or '|', or tab" % value)
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--server", default="localhost:50051", help="host:port, or several separated by commas")
    parser.add_argument("--job-id", required=True, help="name the job, so that a broken stream can resume it")
    parser.add_argument("--token", default=os.environ.get("INGEST_TOKEN"), help="the server's bearer token (default: $INGEST_TOKEN)")
    parser.add_argument("--snapshot", action="store_true", help="the file is the whole catalog: what it does not carry is retired")
    parser.add_argument("--as-of", help="with --snapshot: when the file's data was taken (ISO-8601, e.g. 2024-05-01T00:00:00Z)")
    parser.add_argument("--encoding", default="utf-8", help="the file's encoding when it has no byte-order mark (default UTF-8)")
    parser.add_argument("--delimiter", type=delimiter, default=",", help="the character between values: ',', ';', '|' or tab")
    parser.add_argument("--decimal-comma", action="store_true", help="prices are written 12,34 (and 1.234,50)")
    args = parser.parse_args()
    if args.as_of and not args.snapshot:
        parser.error("--as-of is for --snapshot loads")
    try:
        options = CsvOptions(args.encoding, args.delimiter, args.decimal_comma)
    except LookupError:
        parser.error("unknown encoding '%s'" % args.encoding)
    try:
        check_file(args.file, options)
        summary = load(args.server.split(","), args.file, args.job_id, args.file, options, token=args.token,
                       snapshot=args.snapshot, as_of=args.as_of)
    except FileError as e:
        print("error: %s: %s" % (args.file, e), file=sys.stderr)
        return 1
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
