<resource schema="gammaobs">
  <meta name="title">Very-high-energy gamma-ray observations (voscope demo)</meta>
  <meta name="description">
    Observations of imaging atmospheric Cherenkov telescopes and water-Cherenkov
    observatories, for the voscope demo and tests: the 105 runs of the H.E.S.S. DL3
    public test data release 1 (HESS DL3 DR1, H.E.S.S. collaboration, 2018; no
    scientific publications may be derived from it) plus synthetic runs and products
    (collections SYNTH-*) on real very-high-energy sources. The H.E.S.S. event lists
    (GADF DL3 FITS with their instrument response) and the release's observation and
    HDU indices are served here as DaCHS products
    (getproduct/gammaobs/data/hess-dl3-dr1/...), its terms of use beside them
    (gammaobs/q/dl/static/hess-dl3-dr1/README.txt): HESS DL3 DR1, H.E.S.S. collaboration.
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
      description="The product file itself (served by this DaCHS), for rows published through DataLink"/>
  </table>

  <!-- The release's files as DaCHS products, served by /getproduct/<accref>. Not by the
    static renderer, although it serves the same files (configure copies them to
    data/hess-dl3-dr1/): Twisted's static files send a .gz with "Content-Encoding: gzip",
    so a browser decodes it, a Range request gets bytes of the compressed stream, and a
    user who saves the link gets plain FITS named .fits.gz. getproduct sends the file's
    own bytes (gzip), with Content-Disposition, Range and the CORS header. -->
  <table id="files" onDisk="True">
    <meta name="description">The files of the H.E.S.S. DL3 DR1 release served by this
      DaCHS (HESS DL3 DR1, H.E.S.S. collaboration): the 105 event lists with their
      instrument response and the observation and HDU indices, as DaCHS products.</meta>
    <mixin>//products#table</mixin>
  </table>

  <data id="import_files">
    <sources>
      <pattern>data/hess-dl3-dr1/*.fits.gz</pattern>
      <pattern>data/hess-dl3-dr1/data/*.fits.gz</pattern>
    </sources>
    <embeddedGrammar>
      <iterator><code>yield {}</code></iterator>
      <rowfilter procDef="//products#define">
        <bind key="table">"gammaobs.files"</bind>
        <bind key="mime">"application/fits"</bind>
        <bind key="preview">None</bind>
      </rowfilter>
    </embeddedGrammar>
    <make table="files"/>
  </data>

  <data id="import">
    <sources>data/obscore.csv</sources>
    <csvGrammar/>
    <make table="main">
      <rowmaker idmaps="*">
        <!-- DataLink rows point at DaCHS's own dlmeta document, kept as a static copy
          (scripts/peers/dachs/datalink-docs: dlmeta answers HTML to browsers). -->
        <map key="access_url">base.makeAbsoluteURL(@access_url or "gammaobs/q/dl/static/links/%s.xml" % @obs_id)</map>
        <!-- make_data.py gives the product's path below gammaobs/data/ (where
          scripts/peers/dachs/configure copies the release): its accref in the files
          table, served by this DaCHS on the same origin as the ObsCore answers. -->
        <map key="x_product_url">@x_product_url and base.makeAbsoluteURL(
          "getproduct/gammaobs/data/" + @x_product_url)</map>
        <map key="s_region" nullExpr="''">pgsphere.SPoly([
          pgsphere.SPoint.fromDegrees(float(a), float(b))
          for a, b in zip(*[iter(@s_region_deg.split())]*2)])</map>
      </rowmaker>
    </make>
  </data>

  <!-- DataLink for the H.E.S.S. runs: the event list (with its IRF HDUs) as #this, the same
    file's IRF HDUs as #calibration (both the product in the files table, with its real
    size), and the release's terms (a real file, static data of this service); every
    description carries the release's short attribution. -->
  <service id="dl" allowed="dlmeta,static">
    <meta name="title">Related products of the H.E.S.S. DL3 DR1 runs</meta>
    <meta name="description">Event lists, instrument responses and terms of use of the
      H.E.S.S. DL3 public test data release 1 (HESS DL3 DR1, H.E.S.S. collaboration).</meta>
    <property name="staticData">data</property>
    <datalinkCore>
      <descriptorGenerator>
        <code>
          with base.getTableConn() as conn:
            rows = list(conn.queryToDicts(
              "SELECT m.obs_id, m.target_name, m.x_product_url, f.accsize"
              " FROM gammaobs.main m LEFT JOIN gammaobs.files f"
              "   ON m.x_product_url = %(getproduct)s || f.accref"
              " WHERE m.obs_publisher_did=%(did)s",
              {"did": pubDID, "getproduct": base.makeAbsoluteURL("getproduct/")}))
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
            contentLength=r["accsize"],
            description="Event list of run %s on %s (GADF DL3 FITS, gzip; the file"
              " also holds the run's GTI and instrument response HDUs). HESS DL3 DR1,"
              " H.E.S.S. collaboration" % (r["obs_id"], r["target_name"]))
        </code>
      </metaMaker>
      <metaMaker semantics="#calibration">
        <code>
          r = descriptor.row
          yield descriptor.makeLink(r["x_product_url"],
            contentType="application/fits",
            contentLength=r["accsize"],
            description="Instrument response of run %s: the AEFF, EDISP, PSF and BKG"
              " HDUs (effective area, energy dispersion, PSF, background) of the same"
              " file as the event list. HESS DL3 DR1, H.E.S.S. collaboration" % r["obs_id"])
        </code>
      </metaMaker>
      <metaMaker semantics="#documentation">
        <code>
          yield descriptor.makeLinkFromFile("data/HESS-DL3-DR1-README.txt",
            "H.E.S.S. DL3 DR1 release notes and terms of use (HESS DL3 DR1,"
            " H.E.S.S. collaboration)",
            service=self.parent.rd.getById("dl"), contentType="text/plain")
        </code>
      </metaMaker>
    </datalinkCore>
  </service>
</resource>
