"""Describes the published table to Daiquiri (its metadata app) and rebuilds TAP_SCHEMA.

Run by setup through manage.py's environment: `python metadata.py obscore-columns.tsv`.
Idempotent: the ivoa schema's metadata is replaced as a whole, then Daiquiri's own
commands write TAP_SCHEMA's own description (setup_tap_metadata) and TAP_SCHEMA from
the metadata (rebuild_tap_schema).
"""
import datetime
import os
import sys

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')
import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from daiquiri.metadata.models import Column, Schema, Table  # noqa: E402

# PostgreSQL type -> VOTable datatype (Daiquiri's adapter has the same map).
PUBLISHED = datetime.date(2026, 12, 3)
VOTABLE = {'text': 'char', 'smallint': 'short', 'integer': 'int', 'bigint': 'long',
           'real': 'float', 'double precision': 'double', 'boolean': 'boolean'}


def main(tsv):
    rows = [line.rstrip('\n').split('\t') for line in open(tsv, encoding='utf-8')
            if line.strip() and not line.startswith('#')]
    Schema.objects.filter(name='ivoa').delete()
    schema = Schema.objects.create(
        name='ivoa', order=1, title='IVOA data models',
        description='The ObsCore table of very-high-energy gamma-ray observations (the voscope demo data).',
        access_level='PUBLIC', metadata_access_level='PUBLIC')
    table = Table.objects.create(
        schema=schema, name='obscore', order=1, type='table', title='ObsCore',
        description='One row per observation run or data product, in ObsCore 1.1 form, with a few '
                    'instrument-specific columns (x_*): the 105 runs of the H.E.S.S. DL3 DR1 and '
                    'synthetic runs (collections SYNTH-*).',
        utype='ivo://ivoa.net/std/ObsCore#core-1.1',
        access_level='PUBLIC', metadata_access_level='PUBLIC')
    for order, (name, pgtype, unit, ucd, utype, description) in enumerate(rows, start=1):
        Column.objects.create(
            table=table, name=name, order=order, datatype=VOTABLE[pgtype],
            arraysize=None, unit=unit, ucd=ucd, utype=utype, description=description,
            principal=name in ('obs_id', 's_ra', 's_dec', 't_min', 'facility_name', 'target_name'),
            indexed=False, std=not name.startswith('x_'),
            access_level='PUBLIC', metadata_access_level='PUBLIC')
    call_command('setup_tap_metadata')
    # Daiquiri's VOSI tables list only schemas and tables with a publication date.
    Schema.objects.update(published=PUBLISHED)
    Table.objects.update(published=PUBLISHED)
    call_command('rebuild_tap_schema')
    print(f'[daiquiri] metadata: ivoa.obscore with {len(rows)} columns; TAP_SCHEMA rebuilt', file=sys.stderr)


if __name__ == '__main__':
    main(sys.argv[1])
