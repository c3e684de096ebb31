/* draft_mix.c - the ffmpeg filter graph for the audio of a scene edit
 * (draft.h): dialogue lines placed at their times, music cues trimmed,
 * faded and placed, the music ducked under speech with a volume envelope,
 * everything summed over a silent bed as long as the scene. */
#include "draft.h"

#define VOICE_GAIN 0.9
#define MUSIC_GAIN 0.55
#define DUCK 0.684 /* 1 - 10^(-10/20): -10 dB */
#define DUCK_ATTACK_S 0.15
#define DUCK_RELEASE_S 0.3
#define MIN_FADE_MS 10

static void put_s(Buf *g, long ms) { media_put_num(g, ms / 1000.0); }

/* Every input starts at time 0, as 48 kHz stereo float. */
static const char *FORMAT = "asetpts=PTS-STARTPTS,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo";

/* 1 while any line plays, ramping in before it and out after it. */
static void duck_expr(const DraftMix *m, Buf *g) {
  buf_puts(g, "min(1,0");
  for (size_t i = 0; i < m->nvoices; i++) {
    const DraftVoiceClip *v = &m->voices[i];
    buf_puts(g, "+min(clip((t-(");
    media_put_num(g, v->start_ms / 1000.0 - DUCK_ATTACK_S);
    buf_puts(g, "))/");
    media_put_num(g, DUCK_ATTACK_S);
    buf_puts(g, ",0,1),clip((");
    media_put_num(g, (v->start_ms + v->dur_ms) / 1000.0 + DUCK_RELEASE_S);
    buf_puts(g, "-t)/");
    media_put_num(g, DUCK_RELEASE_S);
    buf_puts(g, ",0,1))");
  }
  buf_puts(g, ")");
}

void draft_mix_graph(const DraftMix *m, Buf *g) {
  for (size_t i = 0; i < m->nvoices; i++) {
    buf_printf(g, "[%d:a]%s,volume=", m->voice_input + (int)i, FORMAT);
    media_put_num(g, VOICE_GAIN);
    buf_printf(g, ",adelay=%ld:all=1[v%zu];", m->voices[i].start_ms, i);
  }
  for (size_t i = 0; i < m->nmusic; i++) {
    const DraftMusicClip *c = &m->music[i];
    long fade = c->fade_ms;
    if (fade > c->len_ms / 2) fade = c->len_ms / 2;
    if (fade < MIN_FADE_MS && c->len_ms >= 2 * MIN_FADE_MS) fade = MIN_FADE_MS;
    buf_printf(g, "[%d:a]%s,atrim=end=", m->music_input + (int)i, FORMAT);
    put_s(g, c->len_ms);
    if (fade > 0) {
      buf_puts(g, ",afade=t=in:st=0:d=");
      put_s(g, fade);
      buf_puts(g, ",afade=t=out:st=");
      put_s(g, c->len_ms - fade);
      buf_puts(g, ":d=");
      put_s(g, fade);
    }
    buf_printf(g, ",adelay=%ld:all=1[c%zu];", c->at_ms, i);
  }
  if (m->nmusic > 0) {
    for (size_t i = 0; i < m->nmusic; i++) buf_printf(g, "[c%zu]", i);
    if (m->nmusic > 1) buf_printf(g, "amix=inputs=%zu:normalize=0:duration=longest,", m->nmusic);
    else buf_puts(g, "anull,");
    buf_puts(g, "volume=volume='");
    media_put_num(g, MUSIC_GAIN);
    if (m->nvoices > 0) {
      buf_puts(g, "*(1-");
      media_put_num(g, DUCK);
      buf_puts(g, "*");
      duck_expr(m, g);
      buf_puts(g, ")");
    }
    buf_puts(g, "':eval=frame[music];");
  }
  buf_printf(g, "[%d:a]%s[bed];[bed]", m->silence_input, FORMAT);
  for (size_t i = 0; i < m->nvoices; i++) buf_printf(g, "[v%zu]", i);
  if (m->nmusic > 0) buf_puts(g, "[music]");
  size_t n = 1 + m->nvoices + (m->nmusic > 0);
  if (n > 1) buf_printf(g, "amix=inputs=%zu:normalize=0:duration=first,", n);
  buf_puts(g, "atrim=end=");
  put_s(g, m->duration_ms);
  buf_puts(g, "[a]");
}
