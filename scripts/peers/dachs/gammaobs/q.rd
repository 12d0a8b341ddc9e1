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
    <column name="x_product_url" type="text" required="False"
      ucd="meta.ref.url"
      description="The product file itself, for rows published through DataLink"/>
  </table>

  <data id="import">
    <sources>data/obscore.csv</sources>
    <csvGrammar/>
    <make table="main">
      <rowmaker idmaps="*">
        <!-- DataLink rows point at DaCHS's own dlmeta document, kept as a static copy
          (scripts/peers/dachs/datalink-docs: dlmeta answers HTML to browsers). -->
        <map key="access_url">@access_url or base.makeAbsoluteURL(
          "gammaobs/q/dl/static/links/%s.xml" % @obs_id)</map>
        <map key="s_region" nullExpr="''">pgsphere.SPoly([
          pgsphere.SPoint.fromDegrees(float(a), float(b))
          for a, b in zip(*[iter(@s_region_deg.split())]*2)])</map>
      </rowmaker>
    </make>
  </data>

  <!-- DataLink for the H.E.S.S. runs: the event list (with its IRF HDUs), the IRFs as
    #calibration, and the release notes (a real file, served by this service). -->
  <service id="dl" allowed="dlmeta,static">
    <meta name="title">Related products of the H.E.S.S. DL3 DR1 runs</meta>
    <property name="staticData">data</property>
    <datalinkCore>
      <descriptorGenerator>
        <code>
          with base.getTableConn() as conn:
            rows = list(conn.queryToDicts(
              "SELECT obs_id, target_name, x_product_url, access_estsize"
              " FROM gammaobs.main WHERE obs_publisher_did=%(did)s", {"did": pubDID}))
          if not rows or not rows[0]["x_product_url"]:
            return DatalinkFault.NotFoundFault(pubDID,
              "No observation with this identifier is published through DataLink here")
          desc = ProductDescriptor(pubDID, None, rows[0]["x_product_url"], "application/fits")
          desc.suppressAutoLinks = True
          desc.row = rows[0]
          return desc
        </code>
      </descriptorGenerator>
      <metaMaker semantics="#this">
        <code>
          r = descriptor.row
          yield descriptor.makeLink(r["x_product_url"],
            contentType="application/fits",
            contentLength=(r["access_estsize"] or 0)*1024,
            description="Event list of run %s on %s (GADF DL3 FITS)" % (
              r["obs_id"], r["target_name"]))
        </code>
      </metaMaker>
      <metaMaker semantics="#calibration">
        <code>
          yield descriptor.makeLink(descriptor.row["x_product_url"],
            contentType="application/fits",
            description="Instrument response of the run (effective area, energy"
              " dispersion, PSF, background): HDUs of the event file")
        </code>
      </metaMaker>
      <metaMaker semantics="#documentation">
        <code>
          yield descriptor.makeLinkFromFile("data/HESS-DL3-DR1-README.txt",
            "H.E.S.S. DL3 DR1 release notes and terms of use",
            service=self.parent.rd.getById("dl"), contentType="text/plain")
        </code>
      </metaMaker>
    </datalinkCore>
  </service>
</resource>
