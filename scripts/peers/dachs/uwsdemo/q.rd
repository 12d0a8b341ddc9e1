<?xml version="1.0" encoding="utf-8"?>
<!-- A generic (non-TAP) UWS job service for voscope's job manager: a python core
published with DaCHS's UWS renderer (`async`, which DaCHS 2.7 also answers
under its old name uws.xml), so jobs are created, run by
`dachs uwsrun`, aborted and deleted through UWS 1.1 like any other job service.

The job bins a power-law spectrum of a named source into energy bins (a toy stand-in
for an analysis job running on a cluster). It takes `duration` seconds, so a client
can watch it QUEUED/EXECUTING and abort it; `fail=True` makes it end in ERROR.
The same core is published with the `api` renderer, whose MAXREC=0 answer is DaCHS's
parameter metadata (the VOTable voscope builds the job form from). -->
<resource schema="uwsdemo">
  <meta name="title">voscope UWS demo: spectral binning jobs</meta>
  <meta name="description">A toy asynchronous job service: bins the power-law
    spectrum of a very-high-energy gamma-ray source into energy bins.</meta>
  <meta name="creationDate">2026-12-01T00:00:00</meta>
  <meta name="subject">gamma-ray astronomy</meta>
  <meta name="creator.name">voscope</meta>

  <pythonCore id="binner">
    <inputTable>
      <inputKey name="source" type="text" required="True"
          description="The source whose spectrum is binned">
        <values>
          <option>Crab</option>
          <option>PKS 2155-304</option>
          <option>MSH 15-52</option>
        </values>
      </inputKey>
      <inputKey name="emin" type="real" unit="TeV"
          description="Lower edge of the first energy bin">0.5<values min="0.1" max="100"/></inputKey>
      <inputKey name="emax" type="real" unit="TeV"
          description="Upper edge of the last energy bin">50<values min="0.1" max="100"/></inputKey>
      <inputKey name="nbins" type="integer"
          description="Number of logarithmic energy bins">10<values min="1" max="100"/></inputKey>
      <inputKey name="index" type="real"
          description="Photon index of the power law">2.6</inputKey>
      <inputKey name="duration" type="real" unit="s"
          description="Seconds the job takes (so its phases can be watched)">2<values min="0" max="600"/></inputKey>
      <inputKey name="fail" type="boolean"
          description="Fail on purpose (the job ends in ERROR)">False</inputKey>
    </inputTable>
    <outputTable>
      <outputField name="e_min" type="real" unit="TeV" ucd="em.energy;stat.min"
        description="Lower edge of the bin"/>
      <outputField name="e_max" type="real" unit="TeV" ucd="em.energy;stat.max"
        description="Upper edge of the bin"/>
      <outputField name="rel_flux" type="real" ucd="phot.flux;arith.ratio"
        description="Integral flux in the bin relative to the first bin"/>
    </outputTable>
    <coreProc>
      <setup>
        <code>
          import math
          import time
        </code>
      </setup>
      <code>
        p = inputTable.getParam
        emin, emax, n = p("emin") or 0.5, p("emax") or 50, p("nbins") or 10
        gamma = p("index") or 2.6
        if emax &lt;= emin:
          raise base.ValidationError("emax must be above emin", "emax")
        time.sleep(p("duration") or 0)
        if p("fail"):
          raise base.ReportableError("Failed on purpose (fail=True) for"
            " source %s"%p("source"))
        edges = [emin*(emax/emin)**(i/n) for i in range(n+1)]
        def integral(a, b):
          if abs(gamma-1)&lt;1e-9:
            return math.log(b/a)
          return (a**(1-gamma)-b**(1-gamma))/(gamma-1)
        first = integral(edges[0], edges[1])
        rows = [{"e_min": a, "e_max": b, "rel_flux": integral(a, b)/first}
          for a, b in zip(edges[:-1], edges[1:])]
        return rsc.TableForDef(self.outputTable, rows=rows)
      </code>
    </coreProc>
  </pythonCore>

  <!-- static: data/uwsdemo.wadl, the same job description as a WADL. -->
  <service id="run" core="binner" allowed="async,api,static">
    <meta name="shortName">uwsdemo</meta>
    <property name="staticData">data</property>
    <meta name="title">voscope UWS demo: spectral binning jobs</meta>
  </service>
</resource>
