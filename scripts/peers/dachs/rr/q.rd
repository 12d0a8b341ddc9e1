<resource schema="rr">
  <meta name="title">A small Registry (RegTAP 1.1 tables) for the voscope demo</meta>
  <meta name="description">
    The resource, capability and interface tables of RegTAP 1.1 with a few dozen
    registry records: thirty real ones (VizieR catalogues with gamma-ray context, as
    recorded in pyvo's test data) and the records of well-known TAP services, so that
    service discovery can be tried and tested without the internet.
  </meta>
  <meta name="creationDate">2026-11-24T00:00:00Z</meta>
  <meta name="subject">virtual-observatories</meta>
  <meta name="creator.name">voscope developers</meta>

  <table id="resource" onDisk="True" adql="True">
    <meta name="description">The resources (like services, data collections, organisations) in this registry (RegTAP 1.1 rr.resource).</meta>
    <primary>ivoid</primary>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" description="Unambiguous reference to the resource conforming to the IVOA standard for identifiers."/>
    <column name="res_type" type="text" description="Resource type (something like vs:catalogservice); the xsi:type of the resource, lowercased."/>
    <column name="created" type="timestamp" description="The UTC date and time this resource metadata description was created."/>
    <column name="short_name" type="text" description="A short name or abbreviation given to something."/>
    <column name="res_title" type="text" ucd="meta.title" description="The full name given to the resource."/>
    <column name="content_level" type="text" description="A hash-separated list of content levels specifying the intended audience."/>
    <column name="res_description" type="text" description="An account of the nature of the resource."/>
    <column name="reference_url" type="text" ucd="meta.ref.url" description="URL pointing to a human-readable document describing this resource."/>
    <column name="creator_seq" type="text" description="The creator(s) of the resource in the order given by the resource record author, separated by semicolons."/>
    <column name="content_type" type="text" description="A hash-separated list of natures or genres of the content of the resource."/>
    <column name="source_format" type="text" description="The format of source_value."/>
    <column name="source_value" type="text" description="A bibliographic reference from which the present resource is derived or extracted."/>
    <column name="region_of_regard" type="real" unit="deg" description="A single numeric value representing the angle, given in decimal degrees, by which a positional query against this resource should be blurred."/>
    <column name="waveband" type="text" description="A hash-separated list of regions of the electro-magnetic spectrum that the resource's spatial coverage overlaps with."/>
    <column name="rights" type="text" description="A statement of usage conditions."/>
    <column name="updated" type="timestamp" description="The UTC date this resource metadata description was last updated."/>
  </table>

  <table id="capability" onDisk="True" adql="True">
    <meta name="description">Pieces of behaviour of a resource (RegTAP 1.1 rr.capability).</meta>
    <foreignKey source="ivoid" inTable="resource"/>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" description="The parent resource."/>
    <column name="cap_index" type="smallint" required="True" description="An arbitrary identifier of this capability within the resource."/>
    <column name="cap_type" type="text" description="The type of capability covered here (lowercased)."/>
    <column name="cap_description" type="text" description="A human-readable description of what this capability provides."/>
    <column name="standard_id" type="text" description="A URI for a standard this capability conforms to."/>
  </table>

  <table id="interface" onDisk="True" adql="True">
    <meta name="description">Information on access modes of a capability (RegTAP 1.1 rr.interface).</meta>
    <foreignKey source="ivoid" inTable="resource"/>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" description="The parent resource."/>
    <column name="cap_index" type="smallint" required="True" description="The index of the parent capability."/>
    <column name="intf_index" type="smallint" required="True" description="An arbitrary identifier for the interfaces of a resource."/>
    <column name="intf_type" type="text" description="The type of the interface (vr:webbrowser, vs:paramhttp, etc), lowercased."/>
    <column name="intf_role" type="text" description="An identifier for the role the interface plays in the particular capability (std for standard interfaces)."/>
    <column name="std_version" type="text" description="The version of a standard interface specification that this interface complies with."/>
    <column name="query_type" type="text" description="Hash-joined list of HTTP verbs acceptable for this interface."/>
    <column name="result_type" type="text" description="The MIME type of a document returned in the HTTP response."/>
    <column name="access_url" type="text" ucd="meta.ref.url" description="The URL at which the interface is found."/>
    <column name="url_use" type="text" description="A flag indicating whether this should be interpreted as a base URL, a full URL, or a URL to a directory."/>
  </table>

  <data id="import">
    <sources>data/resource.csv</sources>
    <csvGrammar/>
    <make table="resource">
      <rowmaker idmaps="*"/>
    </make>
  </data>
  <data id="import_capability">
    <sources>data/capability.csv</sources>
    <csvGrammar/>
    <make table="capability">
      <rowmaker idmaps="*"/>
    </make>
  </data>
  <data id="import_interface">
    <sources>data/interface.csv</sources>
    <csvGrammar/>
    <make table="interface">
      <rowmaker idmaps="*"/>
    </make>
  </data>
</resource>
