"""doccano records: character offsets, so every span fits (overlaps too): nothing is lost.

Without relations in the export, sequence labelling: `{"id", "text", "label": [[start,
end, "LABEL"], ...]}`. With relations, doccano's relation shape for every record, so one
project type imports the whole file: `"entities"` with ids and `"relations"` with
`from_id` / `to_id` / `type`.
"""

from __future__ import annotations

from typing import Any

import orjson

from .export_records import ExportRecord
from .writer import Writer


class DoccanoWriter(Writer):
    def write(self, record: ExportRecord) -> None:
        item: dict[str, Any] = {"id": record.id, "text": record.text}
        if self.context.doccano_relations:
            item["entities"] = [{"id": s.id, "label": s.label, "start_offset": s.start,
                                 "end_offset": s.end} for s in record.spans]
            item["relations"] = [{"id": n, "from_id": r.head, "to_id": r.child,
                                  "type": r.label} for n, r in enumerate(record.relations, 1)]
        else:
            item["label"] = [[s.start, s.end, s.label] for s in record.spans]
        # Other keys become the example's metadata in doccano; our importer reads them.
        item.update({"title": record.title, "meta": record.meta,
                     "annotator": record.annotator, "status": record.status})
        self.out.write(orjson.dumps(item))
        self.out.write(b"\n")
        self.summary.spans += len(record.spans)
        self.summary.relations += len(record.relations)
