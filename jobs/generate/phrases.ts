import type { Rng } from './rng.ts';

/**
 * Small per-language phrase banks. Hostile phrases mix words the offline lexicons know (obscenity
 * for English, @2toad/profanity for en/es/pt/fr/de) with insults they miss entirely; background
 * banter sometimes trips them too, as real comment sections do.
 */
export interface PhraseBank {
  friendly: readonly string[];
  /** Ordinary rudeness between friends and strangers: not harassment. */
  banter: readonly string[];
  /** What pile-on recruits and brigades post at a target. */
  hostile: readonly string[];
  /** The instigator's call-out; `@` is replaced by the target's handle. */
  callout: readonly string[];
  /** Organic criticism is composed from these three parts, so that no two texts are copies. */
  criticism: readonly [readonly string[], readonly string[], readonly string[]];
  live: readonly string[];
  fandom: readonly string[];
  /** Giveaway entry; `@` is replaced by a friend's handle. */
  giveaway: readonly string[];
}

export const LANGUAGES = ['en', 'es', 'pt', 'id', 'tr', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

export const PHRASES: Record<Language, PhraseBank> = {
  en: {
    friendly: [
      'love this so much',
      'this made my day 😂',
      'omg so cute',
      'how do you do this??',
      'need part 2',
      'the editing is insane',
      'obsessed with this',
      'came back to watch again',
      'you never miss',
      'this is so relatable lol',
      'tutorial please!',
      'the vibes ✨',
      'ok this is actually genius',
      'underrated creator fr',
      'who else is watching at 3am',
      'best thing on my fyp today',
      'song name?',
      'this is fucking awesome',
    ],
    banter: [
      'lol you are crazy',
      'bro what is this 💀',
      'damn that is good',
      'holy shit lol',
      'ok but why tho',
      'this is so dumb i love it',
      'nah you did not just do that',
      'worst dance ever 😂😂',
    ],
    hostile: [
      'nobody likes you, delete your account',
      'you are such a fraud',
      'what a clown 🤡',
      'shut up bitch',
      'get off the internet loser',
      'everyone knows what you did',
      'you are pathetic',
      'ratio + fell off',
      'log off forever',
      'absolute garbage human',
      'go cry about it',
      'imagine being this fake',
      'stupid asshole',
      'unfollow this fraud now',
      'nobody asked, clown',
    ],
    callout: [
      '@ is a liar and a fraud, go see for yourselves',
      'everyone go look at what @ posted. unbelievable',
      'y’all need to see this. @ thinks we forgot',
      '@ stole my content. you know what to do',
    ],
    criticism: [
      ['honestly', 'not gonna lie,', 'respectfully,', 'as a long time fan', 'sorry but', 'hmm,'],
      [
        'this take is really disappointing',
        'the sponsorship feels dishonest',
        'you should apologise properly',
        'this was a bad call',
        'the quality has dropped a lot lately',
        'that statement did not age well',
        'you owe your fans an explanation',
        'the product you pushed is a scam',
      ],
      ['', 'and I am unfollowing', 'do better', 'really expected more', 'hope you reflect on it', '…'],
    ],
    live: [
      'hi!!',
      'hello from texas',
      '❤️❤️',
      'first time here',
      'love the stream',
      'lol',
      'say hi to me',
      'W',
    ],
    fandom: ['QUEEN 👑', 'we love you @', 'first!!', 'mother is mothering', 'streaming all day 💜', 'ICON'],
    giveaway: ['entered! @', 'done ✅ @', 'pick me pls @', 'entered 🙏 @'],
  },
  es: {
    friendly: [
      'me encanta 😍',
      'qué bonito',
      'jajaja no puedo',
      'necesito la segunda parte',
      'eres lo máximo',
      'qué talento',
      'me alegraste el día',
      'cómo se llama la canción?',
      'lo vi diez veces',
      'qué buena edición',
      'saludos desde méxico',
      'tutorial porfa',
    ],
    banter: [
      'jajaja qué mierda tan buena',
      'estás loco wey',
      'qué idiota jajaja',
      'no manches 💀',
      'eso fue horrible jaja',
    ],
    hostile: [
      'eres una basura',
      'cállate pendejo',
      'nadie te quiere aquí',
      'borra tu cuenta',
      'qué asco de persona',
      'payaso 🤡',
      'eres un fraude',
      'puta madre qué falso',
      'vete de aquí',
      'das pena',
    ],
    callout: [
      'miren lo que hizo @, qué vergüenza',
      '@ es un fraude, ya saben qué hacer',
      'todos a ver el video de @',
    ],
    criticism: [
      ['sinceramente', 'con respeto,', 'la verdad', 'lo siento pero'],
      [
        'esta opinión me decepciona',
        'el patrocinio no es honesto',
        'deberías disculparte',
        'la calidad ha bajado mucho',
        'eso estuvo muy mal',
      ],
      ['', 'hasta aquí te sigo', 'esperaba más', 'piénsalo'],
    ],
    live: ['hola!!', 'saludos desde colombia', '❤️', 'primera vez aquí', 'jajaja', 'saludame porfa'],
    fandom: ['REINA 👑', 'te amamos @', 'primera!!', 'ídola', 'la mejor 💜'],
    giveaway: ['participo! @', 'listo ✅ @', 'yo quiero @'],
  },
  pt: {
    friendly: [
      'amei demais',
      'que lindo 😍',
      'kkkkkk muito bom',
      'quero parte 2',
      'você é incrível',
      'que talento',
      'melhor vídeo do dia',
      'qual o nome da música?',
      'assisti mil vezes',
      'caralho que lindo',
      'perfeito demais',
    ],
    banter: [
      'kkkk que merda boa',
      'você é doido mano',
      'que idiota kkkk',
      'pior dança 😂',
      'para com isso kkk',
    ],
    hostile: [
      'você é um lixo',
      'cala a boca porra',
      'ninguém gosta de você',
      'apaga essa conta',
      'que nojo',
      'palhaço 🤡',
      'fraude',
      'vai se foder',
      'some daqui',
      'ridículo',
    ],
    callout: [
      'olhem o que @ fez, que vergonha',
      '@ é uma fraude, vocês sabem o que fazer',
      'todo mundo no vídeo de @',
    ],
    criticism: [
      ['sinceramente', 'com respeito,', 'na boa', 'desculpa mas'],
      [
        'essa opinião me decepcionou',
        'a publi foi desonesta',
        'você deveria pedir desculpas',
        'a qualidade caiu muito',
        'isso foi muito errado',
      ],
      ['', 'deixei de seguir', 'esperava mais', 'pensa nisso'],
    ],
    live: ['oi!!', 'salve do brasil', '❤️', 'primeira vez aqui', 'kkkk', 'manda um salve'],
    fandom: ['RAINHA 👑', 'te amamos @', 'primeira!!', 'diva', 'a melhor 💜'],
    giveaway: ['participando! @', 'feito ✅ @', 'eu quero @'],
  },
  id: {
    friendly: [
      'keren banget',
      'lucu banget 😍',
      'wkwkwk ngakak',
      'lanjut part 2',
      'kamu hebat',
      'gila keren banget',
      'judul lagunya apa?',
      'nonton berkali kali',
      'mantap kak',
      'suka banget sama kontennya',
    ],
    banter: ['wkwk gila lu', 'anjir kocak', 'apaan sih ini 💀', 'jelek banget wkwk'],
    hostile: [
      'kamu bodoh banget',
      'anjing lu',
      'bangsat',
      'hapus akunmu',
      'gak ada yang suka kamu',
      'badut 🤡',
      'penipu',
      'malu maluin',
      'pergi sana',
    ],
    callout: ['lihat kelakuan @, malu banget', '@ penipu, kalian tahu harus apa', 'semua ke video @'],
    criticism: [
      ['jujur', 'maaf ya', 'dengan hormat,'],
      ['opini ini mengecewakan', 'endorse ini tidak jujur', 'harusnya minta maaf', 'kualitasnya turun'],
      ['', 'aku unfollow', 'kecewa', 'semoga introspeksi'],
    ],
    live: ['halo kak!!', 'salam dari jakarta', '❤️', 'pertama kali nonton', 'wkwk', 'sapa aku kak'],
    fandom: ['RATU 👑', 'kami sayang @', 'pertamax!!', 'idola', 'terbaik 💜'],
    giveaway: ['ikut kak! @', 'done ✅ @', 'semoga menang @'],
  },
  tr: {
    friendly: [
      'bayıldım',
      'çok tatlı 😍',
      'hahaha çok iyi',
      'devamı gelsin',
      'harikasın',
      'ne yetenek',
      'şarkının adı ne?',
      'tekrar tekrar izledim',
      'efsane olmuş',
    ],
    banter: ['hahaha delisin', 'bu ne ya 💀', 'salak mısın hahah', 'berbat dans 😂'],
    hostile: [
      'sen bir aptalsın',
      'siktir git',
      'kimse seni sevmiyor',
      'hesabını sil',
      'iğrençsin',
      'palyaço 🤡',
      'sahtekar',
      'utanmaz',
      'defol',
    ],
    callout: ['@ ne yapmış bakın, rezalet', '@ sahtekar, ne yapacağınızı biliyorsunuz', 'herkes @ videosuna'],
    criticism: [
      ['açıkçası', 'saygıyla,', 'kusura bakma ama'],
      ['bu görüş hayal kırıklığı', 'reklam dürüst değil', 'özür dilemelisin', 'kalite çok düştü'],
      ['', 'takibi bıraktım', 'daha iyisini beklerdim'],
    ],
    live: ['selam!!', 'istanbuldan selamlar', '❤️', 'ilk defa buradayım', 'hahaha', 'bana selam ver'],
    fandom: ['KRALİÇE 👑', 'seni seviyoruz @', 'ilk!!', 'efsane', 'en iyisi 💜'],
    giveaway: ['katıldım! @', 'tamam ✅ @', 'ben isterim @'],
  },
  fr: {
    friendly: [
      "j'adore",
      'trop mignon 😍',
      'mdrrr trop bien',
      'la suite svp',
      'tu es génial',
      'quel talent',
      'le nom de la musique ?',
      'je regarde en boucle',
      'magnifique',
    ],
    banter: ['mdr t’es fou', 'c’est quoi ce truc 💀', "t'es une merde mdr", 'pire danse 😂'],
    hostile: [
      "t'es une merde",
      'ferme ta gueule connard',
      'personne ne t’aime',
      'supprime ton compte',
      'clown 🤡',
      'arnaqueur',
      'pathétique',
      'dégage',
    ],
    callout: [
      'regardez ce que @ a fait, honteux',
      '@ est un arnaqueur, vous savez quoi faire',
      'tous sur la vidéo de @',
    ],
    criticism: [
      ['honnêtement', 'avec respect,', 'désolé mais'],
      ['cet avis me déçoit', 'ce partenariat est malhonnête', 'tu devrais t’excuser', 'la qualité a baissé'],
      ['', 'je me désabonne', 'dommage', 'réfléchis-y'],
    ],
    live: ['coucou!!', 'bonjour de paris', '❤️', 'première fois ici', 'mdr', 'dis bonjour'],
    fandom: ['REINE 👑', 'on t’aime @', 'premier!!', 'icône', 'la meilleure 💜'],
    giveaway: ['je participe ! @', 'fait ✅ @', 'moi svp @'],
  },
};

const EMOJI_TAILS = ['', '', ' 😂', ' 🤡', ' 💀', '!!', ' 🙄', ' 👎', '...', ' lol'];
const HANDLE_PARTS = [
  'sun',
  'mia',
  'leo',
  'kay',
  'zo',
  'rin',
  'dev',
  'ana',
  'lu',
  'max',
  'nia',
  'tom',
  'eli',
  'sol',
];

/** A user-style handle for @-mentions (the contract has no handles; mentions live in text only). */
export function handle(rng: Rng): string {
  return `@${rng.pick(HANDLE_PARTS)}${rng.pick(HANDLE_PARTS)}${rng.chance(0.6) ? rng.int(1000) : ''}`;
}

/** Replaces the `@` placeholder of a template with a mention. */
export function mention(template: string, who: string): string {
  return template.replace('@', who.startsWith('@') ? who : `@${who}`);
}

/**
 * A copy of `text` with the small edits copy-paste campaigns make to dodge exact-match filters:
 * a typo, a casing change, an emoji or punctuation tail.
 */
export function mutate(rng: Rng, text: string): string {
  let out = text;
  const edits = rng.int(3);
  for (let e = 0; e < edits; e++) {
    const kind = rng.int(4);
    if (kind === 0 && out.length > 4) {
      const i = 1 + rng.int(out.length - 2);
      out = out.slice(0, i) + out.slice(i + 1); // dropped letter
    } else if (kind === 1 && out.length > 4) {
      const i = 1 + rng.int(out.length - 2);
      out = out.slice(0, i) + out[i] + out.slice(i); // doubled letter
    } else if (kind === 2) {
      out = rng.chance(0.5) ? out.toUpperCase() : out.toLowerCase();
    } else {
      out += rng.pick(EMOJI_TAILS);
    }
  }
  return out;
}

/** One organic critical comment, assembled so that texts rarely repeat. */
export function criticism(rng: Rng, bank: PhraseBank): string {
  const [openers, complaints, closers] = bank.criticism;
  const closer = rng.pick(closers);
  return `${rng.pick(openers)} ${rng.pick(complaints)}${closer ? ` ${closer}` : ''}`;
}
