// The real server on the long-episode archive (a three-hour episode that says "données" in
// thousands of cues), removed with the server. Shared by the browser tests on that episode.
import { writeLongEpisodeArchive } from './long-episode-archive.ts';
import { startVerbatim, type VerbatimTestServer } from './start-verbatim.ts';

export async function startLongEpisodeVerbatim(): Promise<VerbatimTestServer> {
  const archive = writeLongEpisodeArchive();
  try {
    const server = await startVerbatim({
      VERBATIM_TRANSCRIPTS_DIR: archive.transcriptsDir,
      VERBATIM_WATCH_TRANSCRIPTS: 'false',
    });
    return {
      ...server,
      async close() {
        await server.close();
        archive.remove();
      },
    };
  } catch (error) {
    archive.remove();
    throw error;
  }
}
