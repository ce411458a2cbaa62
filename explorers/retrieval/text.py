"""The retrieval page's words: the interviewer's question, the introduction, and the interview guide."""

from __future__ import annotations

from explorers.interview import InterviewGuide, TopicText
from explorers.retrieval.catalogue import CLUSTERS, N_QUERIES

QUESTION = (
    "Recommend products from a catalogue of 10 million items within 100 ms. Why two stages, and what "
    "does approximate nearest-neighbour search cost you?"
)
INTRO = (
    f"Item and user embeddings are drawn on the unit sphere around {CLUSTERS} categories of very different "
    "sizes, as a two-tower model's would sit; the truth is the exact top-k by inner product. faiss builds "
    f"the index on this server and each of {N_QUERIES} queries is timed alone on one core, so times vary a "
    "little "
    "from run to run (each setting is measured once and reused). Larger catalogues are projections."
)

INTERVIEW = InterviewGuide(
    talking_points=(
        "Two stages because of arithmetic: a heavy ranker can score a few hundred to a few thousand "
        "candidates "
        "in the budget, never 10 million; a cheap, high-recall retrieval stage narrows the catalogue first.",
        "Retrieval optimises recall of the candidate set, ranking optimises precision at the top: measure "
        "them separately (recall@k of retrieval, nDCG or precision@n of the shown list) and end to end.",
        "Exact search costs one dot product per item per query, so it grows linearly with the catalogue; "
        "approximate search trades a little recall for orders of magnitude less work.",
        "IVF clusters the items and scans nprobe of nlist lists; HNSW walks a layered graph; PQ compresses "
        "vectors into bytes of codes. Each has a knob to turn at search time without rebuilding.",
        "Choosing k: large enough that the true best items survive approximate retrieval, small enough that "
        "the ranker scores them inside the latency budget; the budget sets the upper bound.",
        "The embeddings come from a two-tower model: a user tower and an item tower trained so that the "
        "inner product scores relevance, which is what makes item vectors indexable ahead of time.",
        "Freshness: new items must reach the index (incremental adds, or periodic rebuilds) or they can "
        "never be retrieved: a cold-start problem created by the system, not the model.",
        "Business rules and filters (in stock, region, already bought) run before or inside retrieval; "
        "filtering after it can leave too few candidates, so over-fetch or filter in the index.",
        "Cache the results of popular queries and precompute candidates for heavy users; keep the real-time "
        "path for context the cache cannot know.",
    ),
    pick_when={
        "Exact search (brute force)": (
            "The catalogue is small (up to about a million vectors on a GPU, far fewer on a CPU) or recall "
            "must be exact.",
            "As the reference to measure every approximate index's recall against.",
        ),
        "IVF": (
            "Large catalogues with memory for the vectors; nprobe is an easy, predictable recall knob.",
            "Fast builds and easy rebuilds: training is a k-means over a sample.",
        ),
        "HNSW": (
            "The best recall at a given latency when the graph fits in memory; search time grows like log N.",
            "Catalogues that change by additions (new nodes join the graph); deletions are harder.",
        ),
        "IVF-PQ": (
            "Memory is the constraint: hundreds of millions of vectors in RAM as a few bytes each.",
            "Follow it with exact re-scoring of the top candidates to win back the recall compression loses.",
        ),
    },
    pitfalls=(
        "Ranking the whole catalogue with the heavy model: the arithmetic fails long before 10 million "
        "items.",
        "Measuring retrieval by the final metric only: a ranker cannot show an item that retrieval missed.",
        "Tuning the index on random vectors: real embeddings are clustered, which changes recall and speed.",
        "Quoting batch throughput as latency: one query per call, on the serving hardware, is what users "
        "feel.",
        "Forgetting the index build: a nightly rebuild of a large HNSW graph takes hours and lags new items.",
        "Filtering after retrieval with a small k: strict filters can leave nothing to show.",
    ),
    follow_ups=(
        "The catalogue grows tenfold: which numbers change, and which index would you move to?",
        "How would you get a product added an hour ago into the recommendations?",
        "How do you pick k, and how would you check the choice online?",
        "Memory is capped at 16 GB for 500 million items: what do you build?",
        "How would you apply 'in stock in the user's region' without losing recall?",
        "Where would you cache, and how would you keep the cache fresh?",
    ),
)

TEXT = TopicText(question=QUESTION, interview=INTERVIEW, intro=INTRO)
