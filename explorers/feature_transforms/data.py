"""The synthetic engagement table: posts with heavy-tailed counts, a true click-through rate each, and
labelled "next impressions" drawn from it. Reproducible by seed, pure numpy.

Each post has an author with ``followers`` (lognormal, its spread set by the tail control), an age in
hours, ``impressions`` that grow with the author's reach and the post's age (lognormal, heavy-tailed),
a true CTR drawn from a Beta distribution whose mean rises with the author's log followers and falls
with age, and ``clicks ~ Binomial(impressions, true CTR)``. A labelled row is one next impression of a
post drawn at random: the viewer engages with probability the post's true CTR.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

POST_COUNTS = (1000, 2000, 5000, 20_000)
TRAIN_SIZES = (250, 500, 1000, 2000, 5000)
TEST_ROWS = 3000  # labelled next impressions the models are scored on, per seed
MAX_SEEDS = 5
COUNTS: dict[str, str] = {  # the raw count features, by column name: what a person calls them
    "impressions": "Impressions",
    "clicks": "Clicks",
    "followers": "Author followers",
    "age_hours": "Post age (hours)",
}
COUNT_KEYS = tuple(COUNTS)

# How the true CTR depends on the raw signals (log-odds of its mean) and how concentrated it is.
BASE_CTR = 0.05
FOLLOWER_EFFECT = 0.9  # log-odds per standard deviation of log followers
AGE_EFFECT = 0.35  # log-odds lost per standard deviation of log age
CTR_CONCENTRATION = 25.0  # alpha + beta of each post's Beta around its mean
LOG_FOLLOWERS_MEAN = 6.0
LOG_IMPRESSIONS_MEAN = 2.0


@dataclass(frozen=True)
class Posts:
    """One table of posts (arrays of equal length)."""

    impressions: np.ndarray  # int
    clicks: np.ndarray  # int
    followers: np.ndarray  # int
    age_hours: np.ndarray  # float
    true_ctr: np.ndarray  # float in (0, 1)

    @property
    def size(self) -> int:
        return int(self.impressions.size)

    def counts(self, rows: np.ndarray | None = None) -> np.ndarray:
        """The raw count features as an (n, 4) float matrix, in ``COUNT_KEYS`` order."""
        picked = slice(None) if rows is None else rows
        return np.column_stack([getattr(self, key)[picked].astype(float) for key in COUNT_KEYS])


@dataclass(frozen=True)
class Rows:
    """Labelled next impressions: which post each is of, and whether the viewer engaged."""

    post: np.ndarray  # int index into Posts
    engaged: np.ndarray  # int 0/1


def check_tail(tail: float) -> float:
    """The tail control's value, as the standard deviation of the log counts."""
    if not np.isfinite(tail) or tail <= 0:
        raise ValueError(f"tail must be a positive number, not {tail!r}")
    return float(tail)


def make_posts(n_posts: int, tail: float, seed: int) -> Posts:
    """``n_posts`` posts; ``tail`` is the standard deviation of log followers and log impressions."""
    sigma = check_tail(tail)
    rng = np.random.default_rng([seed, 22])
    z_followers = rng.standard_normal(n_posts)
    followers = np.floor(np.exp(LOG_FOLLOWERS_MEAN + sigma * z_followers)).astype(np.int64)
    age = rng.uniform(1.0, 168.0, n_posts)
    z_age = (np.log(age) - np.log(age).mean()) / np.log(age).std()
    reach = 0.5 * z_followers + 0.5 * z_age + np.sqrt(0.5) * rng.standard_normal(n_posts)
    impressions = 1 + np.floor(np.exp(LOG_IMPRESSIONS_MEAN + sigma * reach)).astype(np.int64)
    logit = np.log(BASE_CTR / (1 - BASE_CTR)) + FOLLOWER_EFFECT * z_followers - AGE_EFFECT * z_age
    mean = 1.0 / (1.0 + np.exp(-logit))
    true_ctr = rng.beta(CTR_CONCENTRATION * mean, CTR_CONCENTRATION * (1 - mean))
    true_ctr = np.clip(true_ctr, 1e-6, 1 - 1e-6)
    clicks = rng.binomial(impressions, true_ctr)
    return Posts(impressions, clicks, followers, age, true_ctr)


def make_rows(posts: Posts, n_rows: int, seed: int, stream: int) -> Rows:
    """``n_rows`` next impressions of posts drawn uniformly; ``stream`` keeps train and test apart."""
    rng = np.random.default_rng([seed, 22, stream])
    post = rng.integers(0, posts.size, n_rows)
    engaged = (rng.random(n_rows) < posts.true_ctr[post]).astype(np.int64)
    return Rows(post, engaged)


@dataclass(frozen=True)
class Sample:
    """One seed's posts, its training and test rows."""

    seed: int
    posts: Posts
    train: Rows
    test: Rows


def make_sample(n_posts: int, tail: float, n_train: int, seed: int) -> Sample:
    """One seed's table, ``n_train`` training rows and ``TEST_ROWS`` test rows."""
    posts = make_posts(n_posts, tail, seed)
    return Sample(seed, posts, make_rows(posts, n_train, seed, 1), make_rows(posts, TEST_ROWS, seed, 2))


def seed_range(first: int, count: int) -> tuple[int, ...]:
    """``count`` consecutive seeds from ``first``, at least one and at most ``MAX_SEEDS``."""
    return tuple(range(first, first + max(1, min(int(count), MAX_SEEDS))))
