"""Backups of the database (docs/operations.md): pg_dump/pg_restore for PostgreSQL, a
consistent copy for SQLite. Used by `make backup` and `make restore`."""

import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


def _postgres_env(settings: dict) -> tuple[list[str], dict]:
    args = [
        "--host",
        settings.get("HOST") or "127.0.0.1",
        "--port",
        str(settings.get("PORT") or 5432),
        "--username",
        settings.get("USER") or "postgres",
    ]
    env = {}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env


def database_backup(target: Path, alias: str = "default") -> Path:
    connection = connections[alias]
    settings = connection.settings_dict
    target.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        args, env = _postgres_env(settings)
        subprocess.run(
            [
                "pg_dump",
                *args,
                "--format=custom",
                "--no-owner",
                "--file",
                str(target),
                settings["NAME"],
            ],
            check=True,
            env={**_base_env(), **env},
        )
    elif connection.vendor == "sqlite":
        connection.close()
        with sqlite3.connect(settings["NAME"]) as source, sqlite3.connect(target) as copy:
            source.backup(copy)  # consistent even while the application is writing
    else:
        raise ValueError(f"No backup method for {connection.vendor}.")
    return target


def database_restore(source: Path, alias: str = "default") -> None:
    """Replaces the database's contents with the backup's."""
    connection = connections[alias]
    settings = connection.settings_dict
    connection.close()
    if connection.vendor == "postgresql":
        args, env = _postgres_env(settings)
        subprocess.run(
            [
                "pg_restore",
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                settings["NAME"],
                str(source),
            ],
            check=True,
            env={**_base_env(), **env},
        )
    elif connection.vendor == "sqlite":
        shutil.copyfile(source, settings["NAME"])
    else:
        raise ValueError(f"No restore method for {connection.vendor}.")


def _base_env() -> dict:
    import os

    return dict(os.environ)
