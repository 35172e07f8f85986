import { z } from 'zod';
import * as R from '@twinlab/shared/api/rest';
import * as P from '@twinlab/shared/api/people';
import { LoginBody, NewPersonBody, PasswordBody } from '../people/routes.ts';
import type { RouteDoc } from './spec.ts';

const err = (description: string) => ({ description, schema: R.ApiError });

/** /api/people/*: accounts, personal tokens, certificates and the lead's page (server/src/people/routes.ts). */
export const PEOPLE_ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/people/leads',
    tag: 'people',
    summary: 'Open a lead account; the answer holds its personal token, shown once',
    body: NewPersonBody,
    responses: { 201: { description: 'created', schema: P.PersonIssued }, 400: err('bad name'), 429: err('too many lead accounts from this address') },
  },
  {
    method: 'post',
    path: '/api/people/login',
    tag: 'people',
    summary: 'Sign in with the person id and the password they set: a new personal token',
    body: LoginBody,
    responses: { 200: { description: 'signed in', schema: P.PersonIssued }, 401: err('id or password wrong'), 429: err('too many sign-ins') },
  },
  {
    method: 'get',
    path: '/api/people/me',
    tag: 'people',
    person: true,
    summary: 'Who the personal token names, and their lead',
    responses: { 200: { description: 'you', schema: P.Me }, 401: err('no or unknown token') },
  },
  {
    method: 'post',
    path: '/api/people/me/password',
    tag: 'people',
    person: true,
    summary: 'Set your password (changing it needs the current one)',
    body: PasswordBody,
    responses: { 200: { description: 'set', schema: P.PasswordSet }, 400: err('too short'), 403: err('current password missing or wrong') },
  },
  {
    method: 'get',
    path: '/api/people/me/certificate',
    tag: 'people',
    person: true,
    summary: 'Your assessment points (考核积分) and certificate per role',
    responses: { 200: { description: 'certificates', schema: P.Certificates } },
  },
  { method: 'get', path: '/api/people/paths', tag: 'people', summary: 'Learning paths per role, with the points of each drill', responses: { 200: { description: 'paths', schema: P.RolePathList } } },
  {
    method: 'post',
    path: '/api/people/trainees',
    tag: 'people',
    person: true,
    summary: 'Add someone you train (lead only): the answer holds their personal token, shown once',
    body: NewPersonBody,
    responses: { 201: { description: 'added', schema: P.PersonIssued }, 403: err('not a lead'), 409: err('you train the most people one lead may') },
  },
  {
    method: 'get',
    path: '/api/people/trainees',
    tag: 'people',
    person: true,
    summary: 'The people you train and their results per drill (lead only)',
    responses: { 200: { description: 'board', schema: P.TraineeBoard }, 403: err('not a lead') },
  },
  {
    method: 'get',
    path: '/api/people/trainees.csv',
    tag: 'people',
    person: true,
    summary: 'Every counted attempt of the people you train, as CSV (lead only)',
    responses: { 200: { description: 'CSV (UTF-8 with BOM)', csv: true }, 403: err('not a lead') },
  },
  {
    method: 'post',
    path: '/api/people/trainees/:person/token',
    tag: 'people',
    person: true,
    summary: "Re-issue a trainee's personal token; their older tokens stop working (lead only)",
    responses: { 200: { description: 'the new token', schema: P.PersonIssued }, 404: err('not one of yours') },
  },
  {
    method: 'get',
    path: '/api/people/trainees/:person/certificate',
    tag: 'people',
    person: true,
    summary: "A trainee's certificate per role (lead only)",
    responses: { 200: { description: 'certificates', schema: P.Certificates }, 404: err('not one of yours') },
  },
  {
    method: 'get',
    path: '/api/people/sessions/:id/diagnose',
    tag: 'people',
    person: true,
    summary: "A trainee's drill session diagnosed while it runs, for the lead who trains them (?until=HH:MM:SS)",
    responses: { 200: { description: 'diagnosis', schema: z.looseObject({}) }, 401: err('no or unknown token'), 403: err("not a lead, or not the lead of the drill's runner") },
  },
];

export const PERSONAL_TOKEN_SCHEME = { type: 'http', scheme: 'bearer', description: 'A personal token (tlp_…), issued by your lead or by signing in with your password.' } satisfies Record<
  string,
  unknown
>;
