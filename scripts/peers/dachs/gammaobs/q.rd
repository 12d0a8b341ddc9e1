<resource schema="gammaobs">
  <meta name="title">Very-high-energy gamma-ray observations (voscope demo)</meta>
  <meta name="description">
    Observations of imaging atmospheric Cherenkov telescopes and water-Cherenkov
    observatories, for the voscope demo and tests: the 105 runs of the H.E.S.S. DL3
    public test data release 1 (HESS DL3 DR1, H.E.S.S. collaboration, 2018; no
    scientific publications may be derived from it) plus synthetic runs and products
    (collections SYNTH-*) on real very-high-energy sources.
  </meta>
  <meta name="creationDate">2026-11-24T00:00:00Z</meta>
  <meta name="subject">gamma-ray-astronomy</meta>
  <meta name="subject">cherenkov-telescopes</meta>
  <meta name="creator.name">voscope developers</meta>
  <meta name="content.type">Catalog</meta>

  <table id="main" onDisk="True" adql="True">
    <meta name="description">One row per observation run or data product, in ObsCore
      1.1 form, with a few instrument-specific columns (x_*).</meta>
    <mixin>//obscore#publishObscoreLike</mixin>
    <FEED source="//obscore#obscore-columns"/>
    <column name="x_n_tels" type="smallint" required="False"
      ucd="meta.number;instr.tel"
      description="Number of telescopes taking part in the run"/>
    <column name="x_zen_pnt" type="real" unit="deg" required="False"
      ucd="pos.az.zd;instr.tel"
      description="Mean zenith angle of the pointing"/>
    <column name="x_event_count" type="bigint" required="False"
      ucd="meta.number;phot.count"
      description="Number of events in the event list"/>
  </table>

  <data id="import">
    <sources>data/obscore.csv</sources>
    <csvGrammar/>
    <make table="main">
      <rowmaker idmaps="*">
        <map key="s_region" nullExpr="''">pgsphere.SPoly([
          pgsphere.SPoint.fromDegrees(float(a), float(b))
          for a, b in zip(*[iter(@s_region_deg.split())]*2)])</map>
      </rowmaker>
    </make>
  </data>
</resource>
