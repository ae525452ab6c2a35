// Ingest throughput, end to end: transcript files on disk → parsed → SQLite store + FTS5
// index. Prints cues/s, peak RSS and the time of a rerun over the unchanged folder, and
// ratios against the same ingest without the search index and without the parse thread.
//   npx tsx tests/bench/ingest-bench.ts [--quick] [corpus-folder]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ingestFolder, type IngestSummary } from '../../server/ingest/ingest-folder.ts';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import { sqliteSearchIndexer } from '../../server/search/sqlite/sqlite-search-indexer.ts';
import type { EmbeddedSearchIndexer } from '../../server/search/embedded-indexer.ts';
import {
  seededRandom,
  toSrt,
  toVtt,
  writeFile,
  type FixtureCue,
} from '../fixtures/ingest/transcript-files.ts';

// Our own French vocabulary, roughly by frequency, so the generated text has a realistic
// Zipf-like word distribution for the full-text index.
const VOCABULARY = (
  'de la le et les des à en un une du que qui est pour dans pas sur au ce il elle nous vous on ' +
  'ils sont a ont plus avec par mais tout comme fait être cette ces aussi bien où donc alors très ' +
  'sans entre leur leurs même faire dire peut doit avait été après avant encore toujours jamais ' +
  'surveillance données caméras reconnaissance faciale lycées élèves droit droits libertés vie privée ' +
  'loi juge tribunal recours conseil état police ville mairie marché public entreprise société ' +
  'algorithme algorithmique vidéosurveillance biométrique biométriques exportation exportations ' +
  'technologie technologies outil outils logiciel logiciels contrôle sécurité liberté fondamentale ' +
  'association associations citoyens citoyennes habitants passants quartier rue rues espace ' +
  'européen européenne commission parlement règlement protection personnelles sensibles consentement ' +
  'proportionnalité expérimentation dispositif dispositifs analyse images enregistrement conservation ' +
  'durée accès transparence contrat contrats fournisseur fournisseurs régime régimes autoritaires ' +
  'journalistes militants défenseurs enquête rapport rapports chercheurs étude erreur erreurs biais ' +
  'visage visages identité identification fichier fichiers base bases plainte plaintes décision ' +
  'décisions audience avocat avocate ministère ministre gouvernement préfet préfecture arrêté ' +
  'olympiques jeux sport stade stades foule foules comportement comportements suspect suspects ' +
  'école écoles portique portiques entrée sortie badge badges cantine professeurs parents ' +
  'numérique numériques internet réseau réseaux plateforme plateformes censure modération ' +
  'chiffrement messagerie téléphone téléphones logiciel espion espionnage export licence licences ' +
  'vendre vendu vendus acheter acheté achetés installer installé installées utiliser utilisé ' +
  'contester contesté interdire interdit autoriser autorisé suspendre suspendu annuler annulé ' +
  'aujourd’hui hier demain année années mois semaine jour jours moment question questions réponse ' +
  'problème problèmes exemple cas point façon manière chose choses monde gens personne personnes ' +
  'important grave nouveau nouvelle nouvelles grand grande petit petite premier première dernier ' +
  'pense crois sais voulait voulons pouvez devons faut semble reste montre explique raconte'
).split(' ');

const SPEAKERS = ['Claire', 'Malik', 'Inès', 'Thomas'];

function makeSentenceMaker(seed: number) {
  const random = seededRandom(seed);
  return () => {
    const length = 6 + Math.floor(random() * 12);
    const words: string[] = [];
    for (let i = 0; i < length; i++) {
      words.push(VOCABULARY[Math.floor(VOCABULARY.length * random() * random())]!);
    }
    const first = words[0]!;
    words[0] = first.charAt(0).toUpperCase() + first.slice(1);
    return `${words.join(' ')}${random() < 0.15 ? ' ?' : '.'}`;
  };
}

/** Writes `episodes` transcript files (VTT and SRT alternating) totalling `totalCues` cues. */
export function generateCorpus(root: string, totalCues: number, episodes: number): number {
  const perEpisode = Math.ceil(totalCues / episodes);
  const sentence = makeSentenceMaker(2024);
  const random = seededRandom(7);
  let written = 0;
  for (let e = 0; e < episodes && written < totalCues; e++) {
    const show = `emission-${String(Math.floor(e / 100) + 1).padStart(2, '0')}`;
    if (e % 100 === 0) {
      writeFile(
        root,
        `${show}/show.json`,
        JSON.stringify({ title: `Émission ${show.slice(-2)}`, language: 'fr' }),
      );
    }
    const count = Math.min(perEpisode, totalCues - written);
    const cues: FixtureCue[] = [];
    let t = 0;
    for (let i = 0; i < count; i++) {
      const duration = Math.round((2 + random() * 5) * 1000) / 1000;
      cues.push({
        start: t,
        end: Math.round((t + duration) * 1000) / 1000,
        speaker: SPEAKERS[i % 4]!,
        text: sentence(),
      });
      t = Math.round((t + duration) * 1000) / 1000;
    }
    const name = `${show}/entretien-${String(e + 1).padStart(4, '0')}`;
    if (e % 2 === 0) writeFile(root, `${name}.vtt`, toVtt(cues));
    else writeFile(root, `${name}.srt`, toSrt(cues));
    written += count;
  }
  return written;
}

const noIndex: EmbeddedSearchIndexer = {
  createSchema() {},
  indexEpisode() {},
  removeEpisode() {},
};

interface Measured {
  summary: IngestSummary;
  /** CPU seconds (user + system, all threads) of the first ingest: load-independent. */
  cpuSeconds: number;
  optimizeMs: number;
  rerunMs: number;
  peakRssMiB: number;
  dbMiB: number;
}

async function measure(
  transcriptsDir: string,
  workDir: string,
  label: string,
  indexer: EmbeddedSearchIndexer,
  parseThreads: number,
): Promise<Measured> {
  const file = path.join(workDir, `${label}.sqlite`);
  const store = openSqliteStore({ file, indexer });
  try {
    const cpuBefore = process.cpuUsage();
    const summary = await ingestFolder({ transcriptsDir, store, parseThreads, optimize: false });
    const optimizeStarted = performance.now();
    store.optimizeIndex();
    const optimizeMs = Math.round(performance.now() - optimizeStarted);
    summary.ms += optimizeMs;
    const cpu = process.cpuUsage(cpuBefore);
    const rerun = await ingestFolder({ transcriptsDir, store, parseThreads });
    if (rerun.added + rerun.updated + rerun.removed > 0) {
      throw new Error(`${label}: the rerun was not a no-op: ${JSON.stringify(rerun)}`);
    }
    store.closeSync();
    const dbMiB = fs.statSync(file).size / 2 ** 20;
    return {
      summary,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      optimizeMs,
      rerunMs: rerun.ms,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      dbMiB,
    };
  } finally {
    store.closeSync();
  }
}

function rate(m: Measured): number {
  return m.summary.cues / (m.summary.ms / 1000);
}

function describeRun(label: string, m: Measured): string {
  const s = m.summary;
  return (
    `${label.padEnd(38)} ${s.cues.toLocaleString('en').padStart(10)} cues  ${(s.ms / 1000).toFixed(2).padStart(7)} s  ` +
    `${Math.round(rate(m)).toLocaleString('en').padStart(8)} cues/s  ` +
    `(${Math.round(s.cues / m.cpuSeconds).toLocaleString('en')} cues per CPU-second, optimize ${m.optimizeMs} ms)  ` +
    `peak RSS ${Math.round(m.peakRssMiB)} MiB  db ${Math.round(m.dbMiB)} MiB  rerun ${m.rerunMs} ms  failed ${s.failed.length}`
  );
}

export async function run(args: { corpusPath?: string; quick: boolean }): Promise<void> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-ingest-bench-'));
  try {
    let transcriptsDir: string;
    if (args.corpusPath) {
      transcriptsDir = path.resolve(args.corpusPath);
      const topLevelTranscripts = fs
        .readdirSync(transcriptsDir, { withFileTypes: true })
        .filter(
          (e) =>
            e.isFile() && /\.(vtt|srt|json|md|txt)$/i.test(e.name) && !/^(readme|licen[cs]e)/i.test(e.name),
        );
      if (topLevelTranscripts.length > 0) {
        // A folder of transcripts (one show) rather than a transcripts root: copy it in as one show.
        const root = path.join(workDir, 'transcripts');
        fs.cpSync(transcriptsDir, path.join(root, path.basename(transcriptsDir)), { recursive: true });
        console.log(`ingest bench: real folder ${transcriptsDir} (copied in as one show)`);
        transcriptsDir = root;
      } else {
        console.log(`ingest bench: real transcripts root ${transcriptsDir}`);
      }
    } else {
      transcriptsDir = path.join(workDir, 'transcripts');
      const totalCues = args.quick ? 50_000 : 1_000_000;
      const episodes = args.quick ? 100 : 1_000;
      const started = performance.now();
      const written = generateCorpus(transcriptsDir, totalCues, episodes);
      console.log(
        `ingest bench: generated ${written.toLocaleString('en')} cues in ${episodes} VTT/SRT files ` +
          `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
      );
    }
    console.log(
      `  node ${process.version}, ${os.availableParallelism()} cores, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (wall-clock figures shrink on a busy machine; CPU-second figures do not)`,
    );

    // The headline figure first, so its peak RSS is not inflated by the other runs.
    const full = await measure(transcriptsDir, workDir, 'fts5', sqliteSearchIndexer, 0);
    console.log(describeRun('store + FTS5 (default: parse inline)', full));
    const threaded = await measure(transcriptsDir, workDir, 'fts5-thread', sqliteSearchIndexer, 1);
    console.log(describeRun('store + FTS5, parse worker thread', threaded));
    const storeOnly = await measure(transcriptsDir, workDir, 'store-only', noIndex, 0);
    console.log(describeRun('store only (no search index)', storeOnly));
    console.log(
      `  ratios: parse worker vs inline ×${(rate(threaded) / rate(full)).toFixed(2)}; ` +
        `with FTS5 vs store only ×${(rate(full) / rate(storeOnly)).toFixed(2)}`,
    );
    if (full.summary.failed.length > 0) {
      const reasons = new Map<string, number>();
      for (const f of full.summary.failed) {
        const key = f.reason.replace(/\d+/g, 'N').slice(0, 90);
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
      }
      console.log('  failed by reason:');
      for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1]))
        console.log(`    ${count}× ${reason}`);
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const corpusPath = argv.find((a) => !a.startsWith('--'));
  await run({ quick: argv.includes('--quick'), ...(corpusPath ? { corpusPath } : {}) });
}
