// music.story - one cue per mood. A cue plays from its start within the
// scene, cut at the scene's end and ducked under dialogue; `length` is how
// much music to generate.

music shore_theme "Shell Bay at Dawn" {
  prompt: "solo bamboo dizi over soft guzheng arpeggios, calm dawn sea, gentle and open, 72 bpm"
  length: 45s
}

music lots_theme "The Black Shell" {
  prompt: "low erhu drone, sparse temple woodblock, tense village ritual, slow heartbeat drum, 60 bpm"
  length: 55s
}

music storm_theme "Storm Theme" {
  prompt: "guzheng and taiko, rising storm, 90 bpm"
  length: 95s
}

music ruin_theme "After the Flood" {
  prompt: "mournful xiao flute, distant gulls, slow pizzicato strings, grief turning to resolve, 66 bpm"
  length: 60s
}

music jingwei_theme "The Bird Who Fills the Sea" {
  prompt: "pipa melody over warm strings, bittersweet folk lullaby, sunset, 76 bpm"
  length: 65s
}

music marsh_theme "Nine Heads" {
  prompt: "dissonant bowed cymbals, low throat singing, creeping suona, menacing pulse, 80 bpm"
  length: 80s
}

music xingtian_theme "Still Dancing" {
  prompt: "war drums and bronze bells, chanting male choir, heavy stomping rhythm, defiant, 100 bpm"
  length: 120s
}

music omen_theme "The Sky Breaks" {
  prompt: "deep taiko rolls, rising strings, ominous horn calls, an approaching storm, 84 bpm"
  length: 70s
}

music kunlun_theme "Kunlun" {
  prompt: "ethereal guqin and bell tree, sustained choir, sacred and vast, 60 bpm"
  length: 70s
}

music queen_theme "The Queen Mother" {
  prompt: "regal slow guzheng, chimes, low strings, mysterious and ancient, 64 bpm"
  length: 75s
}

music flight_theme "On the Back of Peng" {
  prompt: "soaring erhu and full orchestra, wind, exhilarating flight, 110 bpm"
  length: 65s
}

music undersea_theme "The Drowned Palace" {
  prompt: "underwater ambient, glass harmonica, slow muted gongs, dreamlike, 58 bpm"
  length: 55s
}

music buzhou_theme "The Pillar of Heaven" {
  prompt: "epic taiko ensemble and brass, guzheng tremolo, storm, climax then release, 96 bpm"
  length: 100s
}

music home_theme "Ten Thousand and One" {
  prompt: "solo dizi returning to the dawn melody, warm guzheng, hopeful, 72 bpm"
  length: 50s
}
