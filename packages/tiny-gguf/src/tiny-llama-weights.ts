import type { GgufTensor } from './gguf-tensor.js';
import { createSeededRandom, type SeededRandom } from './seeded-random.js';
import type { ResolvedTinyLlamaOptions } from './tiny-llama-options.js';
import type { TinyVocabulary } from './tiny-vocabulary.js';

/*
 * Purely random weights give text that is either stuck on one token or uniform noise over the
 * vocabulary, where byte tokens almost never line up into a valid UTF-8 character. So the weights carry
 * a small hand-made bigram prior on top of the random part:
 * - the first CLASS_DIMENSIONS embedding dimensions hold one-hot "what did I just emit" classes;
 * - the blocks never write to those dimensions (zero rows in attn_output and ffn_down), so after the
 *   final norm they still name the current token's class;
 * - output.weight reads them with per-class biases: after a UTF-8 lead byte, continuation bytes become
 *   very likely, so the sampler assembles real multi-byte characters out of byte tokens
 *   (C3/CE/D0 + A0..BF, E3/E6 + 80..9F + A0..BF), which makes llama-server hold back partial characters
 *   for real (specs/engines/llamacpp.md D.2 "UTF-8");
 * - the remaining dimensions are random, and attention over the context moves them, so generation varies.
 */

const CLASS_DIMENSIONS = 4;
/** Source classes: what the current token is. */
const SOURCE = { text: 0, lead2: 1, lead3: 2, continuationA: 3 } as const;
/** Target groups: what the next token would be. */
const TARGET = {
  piece: 0,
  asciiByte: 1,
  lead2: 2,
  lead3: 3,
  continuationA: 4,
  continuationB: 5,
  otherByte: 6,
  endOfText: 7,
  control: 8,
} as const;
type TargetGroup = (typeof TARGET)[keyof typeof TARGET];

const LEAD2_BYTES = new Set([0xc3, 0xce, 0xd0]);
const LEAD3_BYTES = new Set([0xe3, 0xe6]);

/** Logit offsets in nats, indexed [source class][target group]. */
const TRANSITION_BIAS: readonly (readonly number[])[] = [
  // piece, asciiByte, lead2, lead3, contA, contB, otherByte, eos, control
  [0, -1.5, 1.5, 1.2, -8, -8, -8, -1, -30], // after text (pieces, ASCII bytes, finished characters)
  [-8, -8, -8, -8, -8, 8, -8, -8, -30], // after C3/CE/D0: one continuation byte in A0..BF
  [-8, -8, -8, -8, 8, -8, -8, -8, -30], // after E3/E6: a continuation byte in 80..9F ...
  [-8, -8, -8, -8, -8, 8, -8, -8, -30], // ... then one in A0..BF
];

/** Size of the one-hot class value in the embedding, and its expected size after the final RMS norm. */
const CLASS_AMPLITUDE = 8;
const EXPECTED_NORMALISED_CLASS = 5;
/** Standard deviation of the random part of output.weight, setting the spread of the logits. */
const OUTPUT_NOISE = 0.2;

/** Builds all tensors of the model, in file order, from one seeded random stream. */
export function buildTinyLlamaTensors(
  options: ResolvedTinyLlamaOptions,
  vocabulary: TinyVocabulary,
): GgufTensor[] {
  const random = createSeededRandom(options.seed);
  const embedding = options.embeddingLength;
  const headDimension = embedding / options.headCount;
  const keyValueWidth = headDimension * options.headCountKv;
  const feedForward = options.feedForwardLength;
  const vocabularySize = vocabulary.tokens.length;
  const classify = createTokenClassifier(vocabulary);
  const projection = 1 / Math.sqrt(embedding);

  const tensors: GgufTensor[] = [
    {
      name: 'token_embd.weight',
      dimensions: [embedding, vocabularySize],
      data: buildEmbedding(random, embedding, vocabularySize, (token) => classify(token).source),
    },
  ];
  for (let block = 0; block < options.blockCount; block += 1) {
    const prefix = `blk.${block}`;
    tensors.push(
      { name: `${prefix}.attn_norm.weight`, dimensions: [embedding], data: ones(embedding) },
      matrix(random, `${prefix}.attn_q.weight`, embedding, embedding, 2 * projection),
      matrix(random, `${prefix}.attn_k.weight`, embedding, keyValueWidth, 2 * projection),
      matrix(random, `${prefix}.attn_v.weight`, embedding, keyValueWidth, projection),
      matrix(random, `${prefix}.attn_output.weight`, embedding, embedding, projection, CLASS_DIMENSIONS),
      { name: `${prefix}.ffn_norm.weight`, dimensions: [embedding], data: ones(embedding) },
      matrix(random, `${prefix}.ffn_gate.weight`, embedding, feedForward, projection),
      matrix(random, `${prefix}.ffn_up.weight`, embedding, feedForward, projection),
      matrix(
        random,
        `${prefix}.ffn_down.weight`,
        feedForward,
        embedding,
        2 / Math.sqrt(feedForward),
        CLASS_DIMENSIONS,
      ),
    );
  }
  tensors.push(
    { name: 'output_norm.weight', dimensions: [embedding], data: ones(embedding) },
    {
      name: 'output.weight',
      dimensions: [embedding, vocabularySize],
      data: buildOutput(
        random,
        embedding,
        vocabularySize,
        (token) => classify(token).target,
        options.endOfTextBias,
      ),
    },
  );
  return tensors;
}

function buildEmbedding(
  random: SeededRandom,
  embedding: number,
  vocabularySize: number,
  sourceOf: (token: number) => number,
): Float32Array {
  const data = new Float32Array(embedding * vocabularySize);
  for (let token = 0; token < vocabularySize; token += 1) {
    const row = token * embedding;
    data[row + sourceOf(token)] = CLASS_AMPLITUDE;
    for (let dimension = CLASS_DIMENSIONS; dimension < embedding; dimension += 1) {
      data[row + dimension] = random.nextNormal();
    }
  }
  return data;
}

function buildOutput(
  random: SeededRandom,
  embedding: number,
  vocabularySize: number,
  targetOf: (token: number) => TargetGroup,
  endOfTextBias: number,
): Float32Array {
  const data = new Float32Array(embedding * vocabularySize);
  for (let token = 0; token < vocabularySize; token += 1) {
    const row = token * embedding;
    const target = targetOf(token);
    for (let source = 0; source < CLASS_DIMENSIONS; source += 1) {
      const bias =
        source === SOURCE.text && target === TARGET.endOfText
          ? endOfTextBias
          : (TRANSITION_BIAS[source]?.[target] ?? 0);
      data[row + source] = bias / EXPECTED_NORMALISED_CLASS;
    }
    for (let dimension = CLASS_DIMENSIONS; dimension < embedding; dimension += 1) {
      data[row + dimension] = random.nextNormal() * OUTPUT_NOISE;
    }
  }
  return data;
}

/** A GGML matrix of `outputs` rows of length `inputs`; the first `zeroRows` rows stay zero. */
function matrix(
  random: SeededRandom,
  name: string,
  inputs: number,
  outputs: number,
  scale: number,
  zeroRows = 0,
): GgufTensor {
  const data = new Float32Array(inputs * outputs);
  for (let index = zeroRows * inputs; index < data.length; index += 1)
    data[index] = random.nextNormal() * scale;
  return { name, dimensions: [inputs, outputs], data };
}

function ones(length: number): Float32Array {
  return new Float32Array(length).fill(1);
}

interface TokenClass {
  source: number;
  target: TargetGroup;
}

function createTokenClassifier(vocabulary: TinyVocabulary): (token: number) => TokenClass {
  return (token) => {
    if (token === vocabulary.eosId) return { source: SOURCE.text, target: TARGET.endOfText };
    const byte = token - vocabulary.firstByteId;
    if (byte >= 0 && byte < 256) return classifyByte(byte);
    const type = vocabulary.tokenTypes[token];
    return { source: SOURCE.text, target: type === 1 ? TARGET.piece : TARGET.control };
  };
}

function classifyByte(byte: number): TokenClass {
  if (LEAD2_BYTES.has(byte)) return { source: SOURCE.lead2, target: TARGET.lead2 };
  if (LEAD3_BYTES.has(byte)) return { source: SOURCE.lead3, target: TARGET.lead3 };
  if (byte >= 0x80 && byte < 0xa0) return { source: SOURCE.continuationA, target: TARGET.continuationA };
  if (byte >= 0xa0 && byte < 0xc0) return { source: SOURCE.text, target: TARGET.continuationB };
  const printable = byte === 0x0a || (byte >= 0x20 && byte < 0x7f);
  return { source: SOURCE.text, target: printable ? TARGET.asciiByte : TARGET.otherByte };
}
