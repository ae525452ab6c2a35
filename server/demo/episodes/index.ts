import type { DemoEpisode } from '../demo-types.ts';
import { dronesManifestations } from './drones-manifestations.ts';
import { donneesBiometriques } from './donnees-biometriques.ts';
import { exportationsTechnologiesSurveillance } from './exportations-technologies-surveillance.ts';
import { reconnaissanceFacialeLycees } from './reconnaissance-faciale-lycees.ts';
import { recoursConseilEtat } from './recours-conseil-etat.ts';
import { surveillanceExportsExplained } from './surveillance-exports-explained.ts';
import { videosurveillanceAlgorithmique } from './videosurveillance-algorithmique.ts';

export const demoEpisodes: DemoEpisode[] = [
  reconnaissanceFacialeLycees,
  exportationsTechnologiesSurveillance,
  videosurveillanceAlgorithmique,
  dronesManifestations,
  recoursConseilEtat,
  donneesBiometriques,
  surveillanceExportsExplained,
];
