// The portal's own script: mounts a third voscope with options of its own, among them a
// configuration layer (here: the title and the default query), through embed.js's API.
import { mount } from '../embed.js';

const here = document.querySelector('#scripted');
mount(here, {
  view: 'table',
  config: {
    title: 'Portal search',
    default_adql: "SELECT TOP 5 obs_id, target_name, s_ra, s_dec FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1' ORDER BY obs_id",
  },
}).then(() => here.setAttribute('data-mounted', '1'));
