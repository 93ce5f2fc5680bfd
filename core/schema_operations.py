"""Migration operations that are safe on a large table in production (PostgreSQL) and still run
on SQLite, where the local run and the first CI run keep their data.

`AddIndexConcurrently` / `RemoveIndexConcurrently`: CREATE / DROP INDEX CONCURRENTLY on
PostgreSQL (writes go on while the index is built), plain CREATE / DROP INDEX elsewhere. The
migration that uses them must say `atomic = False`. An index left invalid by an interrupted
concurrent build is dropped and built again on the next run."""

from django.db import NotSupportedError
from django.db.migrations.operations import AddIndex, RemoveIndex


def _postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


def _refuse_transaction(schema_editor) -> None:
    if schema_editor.connection.in_atomic_block:
        raise NotSupportedError(
            "A concurrent index operation cannot run in a transaction: set atomic = False "
            "on the migration."
        )


def _drop_invalid(schema_editor, name: str) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname = %s AND NOT i.indisvalid",
            [name],
        )
        invalid = cursor.fetchone() is not None
    if invalid:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {schema_editor.quote_name(name)}")


class AddIndexConcurrently(AddIndex):
    def describe(self) -> str:
        return f"Concurrently create index {self.index.name} on {self.model_name}"

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if not _postgresql(schema_editor):
            schema_editor.add_index(model, self.index)
            return
        _refuse_transaction(schema_editor)
        _drop_invalid(schema_editor, self.index.name)
        schema_editor.add_index(model, self.index, concurrently=True)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        model = from_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if not _postgresql(schema_editor):
            schema_editor.remove_index(model, self.index)
            return
        _refuse_transaction(schema_editor)
        schema_editor.remove_index(model, self.index, concurrently=True)


class RemoveIndexConcurrently(RemoveIndex):
    def describe(self) -> str:
        return f"Concurrently remove index {self.name} from {self.model_name}"

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        model = from_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        index = from_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
        if not _postgresql(schema_editor):
            schema_editor.remove_index(model, index)
            return
        _refuse_transaction(schema_editor)
        schema_editor.remove_index(model, index, concurrently=True)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        index = to_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
        if not _postgresql(schema_editor):
            schema_editor.add_index(model, index)
            return
        _refuse_transaction(schema_editor)
        _drop_invalid(schema_editor, index.name)
        schema_editor.add_index(model, index, concurrently=True)
