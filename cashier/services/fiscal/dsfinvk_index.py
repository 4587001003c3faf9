"""The DSFinV-K export's description: ``index.xml`` (GDPdU) and the DTD it names (docs/dsfinvk.md).

``index.xml`` describes every CSV of the ZIP — file, table name, encoding (UTF-8), decimal
symbol ``,``, digit grouping ``.``, data from row 2 (row 1 is the header), ``;`` between
columns, CRLF between records, ``"`` around text — and its columns in order, each numeric (with
its decimal places) or alphanumeric (with its maximum length). It is written from the
``dsfinvk`` models themselves, so a column cannot be described in another order than the CSV
has it. Timestamps are described as alphanumeric: the library's validator does not read
``<Date>`` columns.

The DTD is ours: the subset of the GDPdU description format (version 1.0) that this index
uses, under the file name the DOCTYPE names (:data:`DTD_NAME`).
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree as ET

from dsfinvk.fields import (  # type: ignore[import-untyped]  # no type hints
    BooleanField,
    Field,
    LocalDateTimeField,
    NumericField,
    StringField,
)
from dsfinvk.table import Model  # type: ignore[import-untyped]

DTD_NAME = "gdpdu-01-09-2004.dtd"

_TIMESTAMP_LENGTH = 19  # YYYY-MM-DDThh:mm:ss (LocalDateTimeField)
_TEXT_LENGTH = 1000  # a string column the model gives no length


def index_xml(tables: Sequence[type[Model]], *, supplier: str, location: str, comment: str) -> bytes:
    """``index.xml`` for the CSVs of ``tables`` (model classes), in that order."""
    root = ET.Element("DataSet")
    ET.SubElement(root, "Version").text = "1.0"
    data_supplier = ET.SubElement(root, "DataSupplier")
    ET.SubElement(data_supplier, "Name").text = supplier
    ET.SubElement(data_supplier, "Location").text = location
    ET.SubElement(data_supplier, "Comment").text = comment
    media = ET.SubElement(root, "Media")
    ET.SubElement(media, "Name").text = "DSFinV-K"
    for model in tables:
        _table(media, model)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode").replace(
        "<RecordDelimiter>\r\n</RecordDelimiter>", "<RecordDelimiter>&#xD;&#xA;</RecordDelimiter>"
    )  # as character references: an XML parser reads a raw CR LF as LF
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE DataSet SYSTEM "{DTD_NAME}">\n'
    return (head + body + "\n").encode("utf-8")


def file_name(model: type[Model]) -> str:
    name: str = model._filename  # a class attribute on each model
    return name


def columns(model: type[Model]) -> list[str]:
    return [field.name for field in model._fields]


def _table(media: ET.Element, model: type[Model]) -> None:
    table = ET.SubElement(media, "Table")
    ET.SubElement(table, "URL").text = file_name(model)
    ET.SubElement(table, "Name").text = model.__name__
    ET.SubElement(table, "Description").text = file_name(model)
    ET.SubElement(table, "UTF8")
    ET.SubElement(table, "DecimalSymbol").text = ","
    ET.SubElement(table, "DigitGroupingSymbol").text = "."
    ET.SubElement(ET.SubElement(table, "Range"), "From").text = "2"
    layout = ET.SubElement(table, "VariableLength")
    ET.SubElement(layout, "ColumnDelimiter").text = ";"
    ET.SubElement(layout, "RecordDelimiter").text = "\r\n"
    ET.SubElement(layout, "TextEncapsulator").text = '"'
    for field in model._fields:
        _column(layout, field)


def _column(layout: ET.Element, field: Field) -> None:
    column = ET.SubElement(layout, "VariableColumn")
    ET.SubElement(column, "Name").text = field.name
    ET.SubElement(column, "Description").text = (field.__doc__ or field.name).strip()
    if isinstance(field, NumericField):
        numeric = ET.SubElement(column, "Numeric")
        if field.places:
            ET.SubElement(numeric, "Accuracy").text = str(field.places)
        return
    ET.SubElement(column, "AlphaNumeric")
    if isinstance(field, BooleanField):
        length = 1
    elif isinstance(field, LocalDateTimeField):
        length = _TIMESTAMP_LENGTH
    elif isinstance(field, StringField) and field.max_length:
        length = int(field.max_length)
    else:
        length = _TEXT_LENGTH
    ET.SubElement(column, "MaxLength").text = str(length)


DTD = """<?xml version="1.0" encoding="UTF-8"?>
<!-- The description of a data export (index.xml) as the GDPdU format has it, version 1.0:
     the subset Cashier's DSFinV-K export uses. Written for Cashier (docs/dsfinvk.md). -->

<!ELEMENT DataSet (Version, DataSupplier?, Media+)>
<!ELEMENT Version (#PCDATA)>
<!ELEMENT DataSupplier (Name, Location, Comment)>
<!ELEMENT Location (#PCDATA)>
<!ELEMENT Comment (#PCDATA)>
<!ELEMENT Media (Name, Table+)>
<!ELEMENT Name (#PCDATA)>

<!-- One CSV file. -->
<!ELEMENT Table (URL, Name, Description?, (UTF8 | ANSI | Macintosh | OEM)?, DecimalSymbol?,
                 DigitGroupingSymbol?, Range?, VariableLength)>
<!ELEMENT URL (#PCDATA)>
<!ELEMENT Description (#PCDATA)>
<!ELEMENT UTF8 EMPTY>
<!ELEMENT ANSI EMPTY>
<!ELEMENT Macintosh EMPTY>
<!ELEMENT OEM EMPTY>
<!ELEMENT DecimalSymbol (#PCDATA)>
<!ELEMENT DigitGroupingSymbol (#PCDATA)>
<!-- The rows that hold data: From 2 leaves row 1, the header, out. -->
<!ELEMENT Range (From, To?)>
<!ELEMENT From (#PCDATA)>
<!ELEMENT To (#PCDATA)>

<!-- Columns separated by a delimiter, records by another, text in an encapsulator. -->
<!ELEMENT VariableLength (ColumnDelimiter, RecordDelimiter, TextEncapsulator?, VariableColumn+)>
<!ELEMENT ColumnDelimiter (#PCDATA)>
<!ELEMENT RecordDelimiter (#PCDATA)>
<!ELEMENT TextEncapsulator (#PCDATA)>
<!ELEMENT VariableColumn (Name, Description?, (Numeric | AlphaNumeric | Date), MaxLength?)>

<!-- A number; Accuracy: its decimal places (none: a whole number). -->
<!ELEMENT Numeric (Accuracy?)>
<!ELEMENT Accuracy (#PCDATA)>
<!ELEMENT AlphaNumeric EMPTY>
<!ELEMENT Date (Format)>
<!ELEMENT Format (#PCDATA)>
<!ELEMENT MaxLength (#PCDATA)>
"""
