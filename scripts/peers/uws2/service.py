"""A second, independent UWS 1.1 job service for voscope's generic job manager, built on
Rubin Observatory's Safir (safir.uws, the framework of Rubin's vo-cutouts and SIA
services): FastAPI front end, job records in PostgreSQL, jobs run by arq workers
through Redis. Not a TAP service.

The job ("lightcurve") makes a toy light curve of a named source: `npoints` fluxes of a
sinusoid with period `period` days. It sleeps `duration` seconds first (so a client can
watch QUEUED and EXECUTING, and abort it), and `fail=true` makes it end in ERROR. The
result is a VOTable (TABLEDATA) written to a local results directory and served by the
front end under /uws2/results/, standing in for the object store a Rubin deployment signs
URLs into.

What stands in for a deployment here (everything else is Safir's own code, unchanged):
- Gafaelfawr, Rubin's auth ingress, which puts X-Auth-Request-User / -Token on every
  request: a middleware adds them (user "voscope").
- The ingress's CORS answer for the loopback origins the tests use.
- Google Cloud Storage: results are http URLs, which Safir passes through unsigned; its
  signing service (which needs Google credentials at start-up) is not created.

Run as:  python service.py serve | db-worker | job-worker | init-db
Environment: UWS2_PORT (8085), UWS2_DB (postgresql://…), UWS2_REDIS (redis://…:6381/0),
UWS2_RESULTS (directory).
"""

from __future__ import annotations

import math
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Self
from xml.sax.saxutils import escape

import structlog
from fastapi import APIRouter, Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, ValidationError
from starlette.middleware.cors import CORSMiddleware

import safir.uws._dependencies as uws_deps
from safir.arq import ArqMode
from safir.arq.uws import (
    WorkerConfig,
    WorkerJobInfo,
    WorkerResult,
    WorkerUsageError,
    build_worker,
)
from safir.logging import configure_logging
from safir.uws import (
    ParameterError,
    ParametersModel,
    UWSApplication,
    UWSConfig,
    UWSJobParameter,
    UWSRoute,
    uws_post_params_dependency,
)
from safir.uws._models import UWSJobResultSigned

PORT = int(os.environ.get("UWS2_PORT", "8085"))
DB = os.environ.get("UWS2_DB", "postgresql://uws2:uws2@127.0.0.1:5432/uws2")
REDIS = os.environ.get("UWS2_REDIS", "redis://127.0.0.1:6381/0")
RESULTS = Path(os.environ.get("UWS2_RESULTS", "/tmp/voscope-peers/uws2-results"))
BASE = f"http://127.0.0.1:{PORT}/uws2"
# The longest a job may run: its executionDuration is clamped to this.
MAX_DURATION = timedelta(hours=1)


class LightcurveWorkerParams(BaseModel):
    """What the backend worker gets (plain JSON through Redis)."""

    source: str
    npoints: int
    period: float
    duration: float
    fail: bool


class LightcurveParams(ParametersModel[LightcurveWorkerParams]):
    """The job's parameters, validated when the job is created and when it is run."""

    source: str = Field(..., min_length=1)
    npoints: int = Field(10, ge=1, le=1000)
    period: float = Field(3.0, gt=0)
    duration: float = Field(2.0, ge=0, le=600)
    fail: bool = False

    @classmethod
    def from_job_parameters(cls, params: list[UWSJobParameter]) -> Self:
        known = {"source", "npoints", "period", "duration", "fail"}
        values: dict[str, str] = {}
        for p in params:
            key = p.parameter_id.lower()
            if key not in known:
                raise ParameterError(f"Unknown parameter {p.parameter_id}")
            values[key] = p.value
        if "source" not in values:
            raise ParameterError("Missing required parameter source")
        try:
            return cls.model_validate(values)
        except ValidationError as e:
            # Safir answers a pydantic error here with a 500; a ParameterError is a 422.
            problems = "; ".join(
                f"{'.'.join(map(str, x['loc']))}: {x['msg']}" for x in e.errors()
            )
            raise ParameterError(f"Invalid parameters: {problems}") from None

    def to_worker_parameters(self) -> LightcurveWorkerParams:
        return LightcurveWorkerParams(**self.model_dump())


async def post_params(
    params: Annotated[list[UWSJobParameter], Depends(uws_post_params_dependency)],
) -> list[UWSJobParameter]:
    """The job parameters of a creating POST (Safir reads the keys case-insensitively);
    PHASE and RUNID are the protocol's, not the job's."""
    return [
        p
        for p in params
        if p.parameter_id.lower() in {"source", "npoints", "period", "duration", "fail"}
    ]


def uws_config() -> UWSConfig:
    redis_host, redis_rest = REDIS.removeprefix("redis://").split(":", 1)
    redis_port, redis_db = redis_rest.split("/", 1)
    from arq.connections import RedisSettings

    return UWSConfig(
        arq_mode=ArqMode.production,
        arq_redis_settings=RedisSettings(
            host=redis_host, port=int(redis_port), database=int(redis_db)
        ),
        async_post_route=UWSRoute(
            dependency=post_params, summary="Create a light-curve job"
        ),
        database_url=DB.replace("postgresql://", "postgresql+asyncpg://", 1),
        execution_duration=MAX_DURATION,
        lifetime=timedelta(days=7),
        parameters_type=LightcurveParams,
        signing_service_account="unused@example.invalid",
        worker="lightcurve",
        # Any new duration up to the maximum is accepted (Safir's default keeps it).
        validate_execution_duration=lambda d, job: d,
        wait_timeout=timedelta(seconds=30),
    )


class LocalResults:
    """Results are already http URLs: no signing (no Google Cloud here)."""

    def __init__(self, config: UWSConfig) -> None:
        self._config = config

    def sign_url(self, result):  # noqa: ANN001, ANN201 (Safir's UWSJobResult)
        return UWSJobResultSigned(
            result_id=result.result_id,
            url=result.url,
            size=result.size,
            mime_type=result.mime_type,
        )


uws_deps.ResultStore = LocalResults  # type: ignore[assignment, misc]


def lightcurve(
    params: LightcurveWorkerParams, info: WorkerJobInfo, logger
) -> list[WorkerResult]:  # noqa: ANN001
    """The backend: runs in Safir's worker process pool."""
    time.sleep(params.duration)
    if params.fail:
        raise WorkerUsageError(
            f"Failed on purpose (fail=true) for source {params.source}"
        )
    rows = []
    for i in range(params.npoints):
        t = 60000.0 + i * 0.25
        flux = 1.0 + 0.2 * math.sin(2 * math.pi * (t - 60000.0) / params.period)
        rows.append(f"<TR><TD>{t:.2f}</TD><TD>{flux:.6f}</TD></TR>")
    doc = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">'
        f'<RESOURCE type="results"><TABLE name="lightcurve">'
        f"<DESCRIPTION>Toy light curve of {escape(params.source)}</DESCRIPTION>"
        '<FIELD name="mjd" datatype="double" unit="d" ucd="time.epoch"/>'
        '<FIELD name="flux" datatype="double" ucd="phot.flux;arith.ratio"/>'
        f"<DATA><TABLEDATA>{''.join(rows)}</TABLEDATA></DATA></TABLE></RESOURCE>"
        "</VOTABLE>\n"
    )
    out = RESULTS / info.job_id
    out.mkdir(parents=True, exist_ok=True)
    path = out / "lightcurve.xml"
    path.write_text(doc, encoding="utf-8")
    return [
        WorkerResult(
            result_id="lightcurve",
            url=f"{BASE}/results/{info.job_id}/lightcurve.xml",
            size=path.stat().st_size,
            mime_type="application/x-votable+xml",
        )
    ]


configure_logging(name="uws2", log_level="INFO")
logger = structlog.get_logger("uws2")
uws = UWSApplication(uws_config())


class JobWorkerSettings:
    """`arq service.JobWorkerSettings`: the backend worker."""


class DbWorkerSettings:
    """`arq service.DbWorkerSettings`: Safir's database worker."""


def make_app() -> FastAPI:
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # noqa: ANN202
        await uws.initialize_fastapi()
        yield
        await uws.shutdown_fastapi()

    app = FastAPI(title="voscope uws2 (Safir UWS)", lifespan=lifespan)
    router = APIRouter(prefix="/uws2")
    uws.install_handlers(router)
    app.include_router(router)
    RESULTS.mkdir(parents=True, exist_ok=True)
    app.mount("/uws2/results", StaticFiles(directory=RESULTS), name="results")
    uws.install_error_handlers(app)
    uws.install_middleware(app)

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    # CORS as the ingress of a deployment answers the loopback origins the tests use.
    app.add_middleware(
        CORSMiddleware,
        allow_origin_regex=r"http://(127\.0\.0\.1|localhost)(:\d+)?",
        allow_methods=["GET", "POST", "DELETE"],
        allow_headers=["*"],
        expose_headers=["Location"],
    )

    # The Gafaelfawr ingress: the user's identity and a delegated token on every request.
    class Gafaelfawr:
        def __init__(self, inner) -> None:  # noqa: ANN001
            self.inner = inner

        async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
            if scope["type"] == "http":
                headers = [
                    h
                    for h in scope["headers"]
                    if h[0] not in (b"x-auth-request-user", b"x-auth-request-token")
                ]
                headers += [
                    (b"x-auth-request-user", b"voscope"),
                    (b"x-auth-request-token", b"gt-local-test-token"),
                ]
                scope = dict(scope, headers=headers)
            await self.inner(scope, receive, send)

    app.add_middleware(Gafaelfawr)
    return app


def main() -> None:
    what = sys.argv[1] if len(sys.argv) > 1 else "serve"
    if what == "init-db":
        import asyncio

        asyncio.run(uws.initialize_uws_database(logger))
    elif what == "serve":
        import uvicorn

        uvicorn.run(make_app(), host="127.0.0.1", port=PORT, log_level="warning")
    else:
        sys.exit(f"unknown command {what}")


# Safir runs each job in a one-process pool and aborts it by SIGINT to that process. With
# Python 3.11's default start method on Linux (fork) the child inherits arq's asyncio
# SIGINT handler: the signal wakes the *parent* worker instead, which shuts down, while
# the child runs on and the parent's event loop waits for it (the ABORT request then
# fails after 30 s). Python 3.14 makes forkserver the default; here the pool spawns.
multiprocessing.set_start_method("spawn", force=True)

JobWorkerSettings = build_worker(  # type: ignore[misc]
    lightcurve,
    WorkerConfig(
        arq_mode=ArqMode.production,
        arq_queue_url=REDIS,
        arq_queue_password=None,
        grace_period=timedelta(seconds=5),
        parameters_class=LightcurveWorkerParams,
        timeout=MAX_DURATION,
    ),
    logger,
)

# Safir restarts that pool after an abort or a timeout by assigning a new one to
# ctx["pool"], but arq hands each job a copy of ctx: the worker keeps the dead pool and
# every later job fails ("Unknown error executing task", BrokenProcessPool). The pool
# given to Safir here is one that replaces its own executor when it has been shut down.
class _RenewingPool:
    def __init__(self) -> None:
        self._pool = ProcessPoolExecutor(1)

    def _current(self) -> ProcessPoolExecutor:
        p = self._pool
        if getattr(p, "_broken", False) or getattr(p, "_shutdown_thread", False):
            self._pool = ProcessPoolExecutor(1)
        return self._pool

    @property
    def _processes(self):  # noqa: ANN202 (read by Safir's _restart_pool)
        return self._pool._processes or {}

    def submit(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        return self._current().submit(*args, **kwargs)

    def shutdown(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        self._pool.shutdown(*args, **kwargs)


_safir_startup = JobWorkerSettings.on_startup


async def _startup(ctx: dict) -> None:
    await _safir_startup(ctx)
    ctx["pool"].shutdown(wait=False)
    ctx["pool"] = _RenewingPool()


JobWorkerSettings.on_startup = _startup
DbWorkerSettings = uws.build_worker(logger)  # type: ignore[misc]

if __name__ == "__main__":
    main()
