import type { DemoEpisode } from '../demo-types.ts';

// The English episode, published as a still-image video.
export const surveillanceExportsExplained: DemoEpisode = {
  show: 'libertes-numeriques',
  base: 'surveillance-exports-explained',
  format: 'vtt',
  media: 'webm',
  title: 'Surveillance exports, explained',
  date: '2026-06-03',
  language: 'en',
  url: 'https://libertes-numeriques.example.org/podcast/surveillance-exports-explained',
  license: 'CC BY-SA 4.0',
  tags: ['surveillance exports', 'dual-use', 'facial recognition', 'English'],
  speakers: [
    { name: 'Julien Roche', voice: 'en+m3', role: 'host' },
    { name: 'Maya Lindqvist', voice: 'en-us+f2', role: 'policy researcher' },
  ],
  turns: [
    {
      speaker: 'Julien Roche',
      chapter: 'Welcome',
      cues: [
        'Hello and welcome to a special English edition of our podcast.',
        'Today we are talking about surveillance exports',
        'with Maya Lindqvist, a policy researcher. Welcome, Maya.',
      ],
    },
    { speaker: 'Maya Lindqvist', cues: ['Thanks for having me, Julien.'] },
    {
      speaker: 'Julien Roche',
      chapter: 'What gets exported',
      cues: ['So what exactly do we mean by surveillance exports?'],
    },
    {
      speaker: 'Maya Lindqvist',
      cues: [
        'We mean cameras, facial recognition software, phone extraction kits,',
        'and the analytics platforms that tie them together,',
        'sold by companies in one country to police or security agencies in another.',
      ],
    },
    { speaker: 'Julien Roche', cues: ['And European companies are part of that market?'] },
    {
      speaker: 'Maya Lindqvist',
      cues: [
        'A significant part.',
        'Some of the best known biometrics vendors are European,',
        'and their products have turned up in places with very poor human rights records.',
      ],
    },
    {
      speaker: 'Julien Roche',
      chapter: 'The dual-use rules',
      cues: ['Isn’t there a law against that?'],
    },
    {
      speaker: 'Maya Lindqvist',
      cues: [
        'There is the European dual-use regulation.',
        'It requires a licence for certain items, and it mentions human rights explicitly.',
        'But the decision stays with each member state, and the reporting is thin.',
      ],
    },
    { speaker: 'Julien Roche', cues: ['Thin in what sense?'] },
    {
      speaker: 'Maya Lindqvist',
      cues: [
        'You may see a total value per destination.',
        'You will not see who bought what, or what it was used for.',
        {
          text: 'Researchers & journalists end up filing access requests one by one.',
          spoken: 'Researchers and journalists end up filing access requests one by one.',
        },
      ],
    },
    {
      speaker: 'Julien Roche',
      chapter: 'What could change',
      cues: ['What would you change first?'],
    },
    {
      speaker: 'Maya Lindqvist',
      cues: [
        'Publish every licence decision, including refusals.',
        'And treat facial recognition for mass identification as something',
        'that simply should not be exported at all.',
      ],
    },
    {
      speaker: 'Julien Roche',
      cues: ['Maya Lindqvist, thank you.', 'And to our French listeners, à bientôt!'],
    },
  ],
};
